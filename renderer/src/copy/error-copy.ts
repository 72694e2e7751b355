import type { AppError, ErrorCode, RetryNotice } from '../../../preload/api'
import { secondsUntil } from '../format/durations'

/** What the one button under an error does. */
export type ErrorAction = 'retry' | 'reauthenticate' | 'check-now' | 'new-code'

/** Everything the window says about an error: a title, one plain sentence and one action. */
export interface ErrorCopy {
  readonly title: string
  readonly sentence: string
  readonly action: ErrorAction
  readonly actionLabel: string
}

const unexpected: Omit<ErrorCopy, 'sentence'> = {
  title: 'Something unexpected happened',
  action: 'retry',
  actionLabel: 'Try again',
}

/**
 * The copy for an error, chosen by `code` only: `message` is for the details disclosure, never the
 * headline, so the wording stays ours and stays consistent. The exceptions are the keychain, where
 * main's message is the sentence because only main knows the system and what to install or unlock,
 * and a profile switch plex.tv refuses for the way this desktop signed in, which main words.
 */
export function errorCopy(error: AppError): ErrorCopy {
  switch (error.code) {
    case 'network':
      return {
        title: "Can't reach plex.tv",
        sentence: 'You seem to be offline, or plex.tv is down. Check your connection, then try again.',
        action: 'retry',
        actionLabel: 'Try again',
      }
    case 'timeout':
      return {
        title: 'plex.tv is taking too long',
        sentence: 'plex.tv did not answer in time. It may be busy; try again in a moment.',
        action: 'retry',
        actionLabel: 'Try again',
      }
    case 'rate-limited':
      return {
        title: 'plex.tv asked Plexkey to slow down',
        sentence:
          error.retryAt === undefined
            ? 'Too many requests reached plex.tv. Wait a minute, then try again.'
            : 'Too many requests reached plex.tv. Wait as long as it asked, then try again.',
        action: 'retry',
        actionLabel: 'Try again',
      }
    case 'token-rejected':
      return {
        title: 'Plex no longer accepts this sign-in',
        sentence: 'The saved sign-in was revoked or has expired, so Plexkey removed it. Sign in again to continue.',
        action: 'reauthenticate',
        actionLabel: 'Re-authenticate',
      }
    case 'pin-expired':
      return {
        title: 'The code expired',
        sentence: 'The code ran out before it was used. Get a fresh one to try again.',
        action: 'new-code',
        actionLabel: 'Get a new code',
      }
    case 'home-pin-required':
      return {
        title: 'This profile needs its PIN',
        sentence: 'The PIN was missing or wrong. Enter the profile’s PIN to switch to it.',
        action: 'retry',
        actionLabel: 'Try again',
      }
    case 'device-gone':
      return {
        title: 'That device is already gone',
        sentence: 'plex.tv no longer lists it, so there was nothing left to remove.',
        action: 'retry',
        actionLabel: 'Refresh',
      }
    case 'switch-refused':
      // Only main knows how this desktop signed in and which way of signing in would switch.
      return {
        title: 'plex.tv would not switch profiles',
        sentence: error.message,
        action: 'retry',
        actionLabel: 'Try again',
      }
    case 'keychain':
      // "Try again" reads the keychain again, once it is unlocked or running.
      return {
        title: "Plexkey can't use the keychain",
        sentence: error.message,
        action: 'check-now',
        actionLabel: 'Try again',
      }
    case 'bad-response':
    case 'plex-error':
      return { ...unexpected, sentence: "plex.tv sent an answer Plexkey didn't expect. Try again in a moment." }
    case 'forbidden':
    case 'invalid-argument':
    case 'invalid-state':
    case 'unknown':
      return { ...unexpected, sentence: 'Plexkey ran into a problem it did not expect. Try again.' }
  }
}

const retryCause: Readonly<Record<ErrorCode, string>> = {
  network: "Can't reach plex.tv",
  timeout: 'plex.tv is slow to answer',
  'rate-limited': 'plex.tv is busy',
  'pin-expired': 'The code ran out',
  'token-rejected': 'plex.tv refused the request',
  'bad-response': 'plex.tv sent an odd answer',
  'home-pin-required': 'The profile needs its PIN',
  'device-gone': 'The device is already gone',
  'switch-refused': 'plex.tv would not switch profiles',
  'plex-error': 'plex.tv sent an error',
  keychain: "The keychain didn't answer",
  forbidden: 'Something went wrong',
  'invalid-argument': 'Something went wrong',
  'invalid-state': 'Something went wrong',
  unknown: 'Something went wrong',
}

/**
 * "plex.tv is busy; trying again in 12 s": the automatic retry while waiting for approval. Before
 * the first code exists the screen has nothing else to show, so it says first that there is none yet.
 */
export function retryNoticeText(retry: RetryNotice, now: number, stage: RetryStage): string {
  const seconds = secondsUntil(retry.retryAt, now)
  const when = seconds > 0 ? `trying again in ${seconds} s` : 'trying again now'
  return `${stagePrefix[stage]}${retryCause[retry.error.code]}; ${when}.`
}

/** The same notice without its ticking seconds, for a live region that must not speak every second. */
export function retryAnnouncement(retry: RetryNotice, stage: RetryStage): string {
  return `${stagePrefix[stage]}${retryCause[retry.error.code]}; Plexkey will try again shortly.`
}

/** Whether the retry is for the first code ('starting') or for a code already on screen ('waiting'). */
export type RetryStage = 'starting' | 'waiting'

const stagePrefix: Readonly<Record<RetryStage, string>> = {
  starting: 'No sign-in code yet. ',
  waiting: '',
}
