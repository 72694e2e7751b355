import type { AppError } from '../../preload/api'
import { type ExitCode, exitFor } from './exit-codes'
import { type CliIo, failureMessage, printError } from './output'

/**
 * One sentence for each way plex.tv can refuse, led by what was not done, then the exit status its
 * code maps to. A 429 and a refused account token are said in a command's words; the rest as the
 * core says them.
 */
export function printPlexFailure(io: CliIo, error: Pick<AppError, 'code' | 'status' | 'message'>, doing = ''): ExitCode {
  const lead = doing === '' ? '' : `${doing} `
  if (error.code === 'rate-limited') printError(io, `${lead}plex.tv is asking Plexkey to slow down; try again in a minute.`)
  else if (error.code === 'token-rejected') printError(io, `${lead}plex.tv no longer accepts the saved sign-in. Run \`plexkey login\` to sign in again.`)
  else printError(io, `${lead}${failureMessage(error)}`)
  return exitFor(error)
}
