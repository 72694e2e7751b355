import type { AppError } from '../../../preload/api'
import type { PlexError } from './plex-types'

/** The cap for the window's actions (devices, tools, profiles, the Home list): half an hour. */
export const ACTION_RETRY_AFTER_CAP_MS = 30 * 60_000

/**
 * Drops client-only fields so the error is plain `AppError` data across IPC. A Retry-After becomes
 * the time it points to (a wait means nothing once it has crossed to a window that shows it later),
 * capped at `maxRetryAfterMs`: a larger one is more likely a broken header than a plan. Any other
 * error (the keychain's, a refused request) passes as the same plain fields.
 */
export function plainError(error: AppError & Pick<PlexError, 'retryAfterMs'>, now: number, maxRetryAfterMs: number = ACTION_RETRY_AFTER_CAP_MS): AppError {
  const { code, message, retryable, status, plexCode, retryAfterMs } = error
  return {
    code,
    message,
    retryable,
    ...(status !== undefined ? { status } : {}),
    ...(plexCode !== undefined ? { plexCode } : {}),
    ...(retryAfterMs !== undefined ? { retryAt: now + Math.min(retryAfterMs, maxRetryAfterMs) } : {}),
  }
}
