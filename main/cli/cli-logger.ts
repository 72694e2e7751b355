import { createLogger, type Logger, type LogLevel } from '../core/log'
import type { CliEnvironment } from './cli-core'

// Its own module, apart from cli-core: `plexkey token` and `exec` need a logger at start, and must
// not load the whole sign-in core (zod, jose, the Plex client) just to get one.

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }

function levelOf(value: string | undefined): LogLevel | null {
  const level = value?.toLowerCase()
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : null
}

/**
 * The core's diagnostic lines, only when PLEXKEY_LOG_LEVEL asks for them: a command's stderr is
 * for the one or two sentences a person needs, and its stdout for the answer.
 */
export function cliLogger(environment: Pick<CliEnvironment, 'env'>, scope: string): Logger {
  const level = levelOf(environment.env['PLEXKEY_LOG_LEVEL'])
  return level ? createLogger(scope, { level }) : silent
}
