import type { AppError, AuthScheme } from '../../../preload/api'

/** One choice of sign-in method, as the settings screen offers it. */
export interface SchemeChoice {
  readonly scheme: AuthScheme
  readonly label: string
  readonly detail: string
}

/** The trade-off in a line each: what people weigh, not how it works. */
export const schemeChoices: readonly SchemeChoice[] = [
  {
    scheme: 'legacy',
    label: 'Standard Plex token (recommended)',
    detail: 'Works with every Plex server and app, and lasts until you sign out.',
  },
  {
    scheme: 'jwt',
    label: 'Device key (JWT)',
    detail: 'Bound to this computer and renewed every 7 days. Some Plex servers refuse this kind of token.',
  },
]

/** A setting that is on or off: its name and what it means, in a line. */
export interface ToggleCopy {
  readonly label: string
  readonly detail: string
}

export const openAtLoginCopy: ToggleCopy = {
  label: 'Start at login',
  detail: 'It starts in the tray, out of the way, and keeps an eye on your sign-in.',
}

export const allowUnencryptedCopy: ToggleCopy = {
  label: 'Allow unencrypted server connections',
  detail:
    'Use a server over plain http when it answers no other way. Its token then crosses the network in the clear, where anyone on the way could take it.',
}

/** What the settings screen says about each thing it can fail to do. */
export type SettingsTask = 'read' | 'sign-in-method' | 'open-at-login' | 'allow-unencrypted'

/**
 * A failed settings call in plain words. The headline is ours, keyed on what was being done (every
 * settings failure reaches us as much the same code); main's own sentence, which names the file
 * or the login item it could not write, follows it as the detail.
 */
export function settingsFailure(task: SettingsTask, error: AppError): { readonly sentence: string; readonly detail: string } {
  const detail = error.message
  switch (task) {
    case 'read':
      return { sentence: "Plexkey couldn't read its settings.", detail }
    case 'sign-in-method':
      return { sentence: "Couldn't save the sign-in method, so it is unchanged.", detail }
    case 'open-at-login':
      return { sentence: "Couldn't change whether Plexkey starts when you log in, so it is unchanged.", detail }
    case 'allow-unencrypted':
      return { sentence: "Couldn't change whether servers may be used without encryption, so it is unchanged.", detail }
  }
}

/** "Linux", "macOS", "Windows": Node's platform names as people know them. */
export function platformName(platform: string): string {
  switch (platform) {
    case 'linux':
      return 'Linux'
    case 'darwin':
      return 'macOS'
    case 'win32':
      return 'Windows'
    default:
      return platform
  }
}
