import { type BrowserWindow, dialog, type MessageBoxOptions } from 'electron'
import { createLogger } from '../core/log'

const log = createLogger('tray')

const SIGN_OUT = 0
const CANCEL = 1

/** The same question, in the same words, as the window asks before it signs out. */
const QUESTION: MessageBoxOptions = {
  type: 'question',
  title: 'Sign out of Plex?',
  message: 'Sign out of Plex?',
  detail: 'Plexkey will sign this computer out of Plex and remove the token from the keychain. You can sign in again at any time.',
  buttons: ['Sign out', 'Cancel'],
  // As in the window, the safe choice is the one Enter and Escape pick.
  defaultId: CANCEL,
  cancelId: CANCEL,
  noLink: true,
}

export interface ConfirmSignOutOptions {
  readonly signOut: () => Promise<unknown>
  /** The main window, if any: the question is attached to it only while it is on screen. */
  readonly parent: () => BrowserWindow | null
}

/**
 * "Sign out" from outside the window (the tray): asks first, then signs out only on "Sign out".
 * Signing out removes the token from the keychain, so a stray click must not do it. While the
 * question is open, another click gets the same answer rather than a second dialog. Resolves to
 * whether the sign-out went ahead (how it ended shows in the sign-in state, like any sign-out), and
 * never rejects: a menu click has nobody to hand an error to.
 */
export function createConfirmSignOut(options: ConfirmSignOutOptions): () => Promise<boolean> {
  let asking: Promise<boolean> | null = null

  async function ask(): Promise<boolean> {
    const parent = options.parent()
    // A sheet on a hidden window (macOS) would be a question nobody can see.
    const visible = parent && !parent.isDestroyed() && parent.isVisible() ? parent : null
    const { response } = visible ? await dialog.showMessageBox(visible, QUESTION) : await dialog.showMessageBox(QUESTION)
    if (response !== SIGN_OUT) return false
    await options.signOut()
    return true
  }

  return () => {
    asking ??= ask()
      .catch((error: unknown) => {
        log.warn('sign out from the tray failed', { reason: error instanceof Error ? error.message : String(error) })
        return false
      })
      .finally(() => {
        asking = null
      })
    return asking
  }
}
