import type { AppError, RemovalOutcome } from '../../../preload/api'
import { errorCopy } from './error-copy'

/** What was removed: a tool's own device (Tools) or any device the account is signed in on. */
export type RemovedKind = 'tool' | 'device'

/** How a removal's outcome reads: one sentence, and whether it needs the person's attention. */
export interface RemovalCopy {
  readonly text: string
  readonly tone: 'done' | 'warning'
}

/**
 * What removing a device achieved, said plainly. plex.tv has forgotten the device in every case;
 * whether its token stopped working is what a person needs to know, since a removed device's token
 * has been seen still accepted. `name` is shown as given: the caller strips its bidi controls.
 */
export function removalCopy(kind: RemovedKind, name: string, outcome: RemovalOutcome): RemovalCopy {
  const subject = kind === 'tool' ? `${name} is revoked` : `${quoted(name)} is removed from your account`
  if (outcome.tokenRefused === true) return { text: `${subject}: its token no longer works.`, tone: 'done' }
  if (outcome.tokenRefused === false) {
    return {
      text: `${subject}, but plex.tv still accepts its token. Remove it under Authorized Devices at plex.tv, then check again.`,
      tone: 'warning',
    }
  }
  return { text: `${subject}.`, tone: 'done' }
}

/** A removal main could not do, in the error's own plain words (error-copy.ts), naming what was not removed. */
export function removalFailureCopy(kind: RemovedKind, name: string, error: AppError): RemovalCopy {
  const subject = kind === 'tool' ? `${name} was not revoked.` : `${quoted(name)} was not removed.`
  return { text: `${subject} ${errorCopy(error).sentence}`, tone: 'warning' }
}

const quoted = (name: string): string => `“${name}”`

/** The Tools section's words that are not about one tool. */
export const toolsCopy = {
  empty: 'No tool has a device of its own yet. Run a tool with',
  emptyCommand: 'plexkey exec --as <tool> -- <command>',
  emptyAfter: 'and Plexkey signs it in as a device of its own, with a token you can revoke here without signing this desktop out.',
  confirmBody: (name: string) =>
    `plex.tv will forget ${name}’s device and its token will stop working. The desktop stays signed in. The next time you run it with plexkey exec --as ${name}, it gets a new device.`,
} as const

/** The "Where you're signed in" section's words that are not about one device. */
export const devicesCopy = {
  empty: 'plex.tv lists no device for this account.',
  staleNote: 'Stale: not seen for 90 days or more. A device you no longer use is worth removing.',
  thisDesktopNote: 'This is Plexkey on this computer. To remove it, sign out from the account menu above.',
  confirmBody: 'It will be signed out of your Plex account and its token will stop working. To use it again, sign in on it again.',
} as const
