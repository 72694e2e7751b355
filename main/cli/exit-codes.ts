import type { AppError } from '../../preload/api'
import { isTransient } from '../core/signin/backoff'

/**
 * Every exit status of `plexkey`, one meaning each across commands, so a script can branch on it.
 * Listed in `plexkey help exit-codes` and the README.
 */
export const EXIT = {
  ok: 0,
  /** Not signed in (status, token), or a failure with no code of its own. */
  failure: 1,
  /** plex.tv no longer accepts the saved token; it has been removed. */
  tokenRejected: 2,
  /** plex.tv could not be reached, so the state is unknown. */
  unreachable: 3,
  /** The OS keychain is unreachable, locked or refused. */
  keychain: 4,
  /** login: not approved in time (--timeout, or the code expired too many times). */
  notApproved: 5,
  /** A Home user's PIN was needed and none was given, or plex.tv did not take it (or too many wrong ones came in a row). */
  pinNeeded: 6,
  /** Unknown command or option, or a bad option value; or a server name that fits more than one. */
  usage: 64,
  /** exec: the command could not be run (found, but not executable). */
  cannotRun: 126,
  /** exec: no such command. */
  notFound: 127,
  /** Interrupted with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** login: nobody reads its output any more (a closed pipe): 128 + SIGPIPE, as a shell reports it. */
  brokenPipe: 141,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/**
 * The exit status for a failure the core reported, the same for every command: whatever the core
 * would retry (offline, a timeout, 429, plex.tv's own 5xx and 408) means plex.tv could not be reached.
 */
export function exitFor(error: Pick<AppError, 'code' | 'status'>): ExitCode {
  if (isTransient({ ...error, message: '', retryable: true })) return EXIT.unreachable
  switch (error.code) {
    case 'keychain':
      return EXIT.keychain
    case 'token-rejected':
      return EXIT.tokenRejected
    case 'home-pin-required':
      return EXIT.pinNeeded
    case 'invalid-argument':
      return EXIT.usage
    default:
      return EXIT.failure
  }
}
