import { app, dialog } from 'electron'
import { createLogger, type Logger, redact } from '../core/log'
import { ENDPOINT_OVERRIDES } from '../core/plex/endpoints'
import type { StartAppOptions } from './start-app'

type Env = Readonly<Record<string, string | undefined>>

/**
 * The environment the app runs with. A packaged app ignores PLEXKEY_PLEX_URL and PLEXKEY_AUTH_URL:
 * they exist to point a development build and the tests at a stand-in for plex.tv, and in an
 * installed app they would only let whoever can set a user's environment send the token (and the
 * browser) somewhere else. Saying so in the log explains a variable that seems to do nothing.
 */
export function appEnvironment(env: Env, isPackaged: boolean, log: Logger): Env {
  if (!isPackaged) return env
  const present = ENDPOINT_OVERRIDES.filter((name) => env[name] !== undefined)
  if (present.length === 0) return env
  log.warn(`${present.join(' and ')} ignored: the packaged app always uses plex.tv`)
  const kept: Record<string, string | undefined> = { ...env }
  for (const name of present) delete kept[name]
  return kept
}

export interface LaunchOptions {
  readonly env: Env
  readonly argv: readonly string[]
  /** startApp; a test stands in for it. */
  readonly start: (options: StartAppOptions) => Promise<unknown>
  readonly log?: Logger
}

/**
 * Starts the app from the Electron entry point. A start that throws (a bug, or the OS refusing
 * something nobody checked for) is logged, told in a dialog and ends the app, rather than leaving
 * a process with no window and no tray, or half of one.
 */
export async function launchApp(options: LaunchOptions): Promise<void> {
  const log = options.log ?? createLogger('app')
  try {
    await options.start({ env: appEnvironment(options.env, app.isPackaged, log), argv: options.argv })
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error))
    log.error('start failed', { reason })
    dialog.showErrorBox(
      'Plexkey cannot start',
      `Something went wrong while Plexkey was starting (${reason}), so it will close. Start it again; if this keeps happening, start it from a terminal with PLEXKEY_LOG_LEVEL=debug to see why.`,
    )
    app.quit()
  }
}
