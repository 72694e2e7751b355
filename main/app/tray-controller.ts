import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import type { IdentitiesView, ServersView, SignInState } from '../../preload/api'
import { trayView, type TrayActions, type TrayIconKey, type TraySettings } from './tray-menu'

/** The parts of Electron's Tray the controller uses. */
export type TrayHandle = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy' | 'isDestroyed'>

export interface TrayControllerOptions {
  readonly createTray: (image: NativeImage) => TrayHandle
  readonly loadIcon: (key: TrayIconKey) => NativeImage
  readonly buildMenu: (template: MenuItemConstructorOptions[]) => Menu
  readonly actions: TrayActions
  /** A left click on Windows and Linux shows the window; on macOS a click opens the menu. */
  readonly clickOpensWindow: boolean
}

export interface TrayController {
  /** Draws the state; returns false when nothing visible changed (and nothing was redrawn). */
  render(state: SignInState, settings: TraySettings, servers?: ServersView | null, identities?: IdentitiesView | null): boolean
  /**
   * Draws the last state again even if nothing changed in it: a checkbox Electron toggled on a click
   * shows what was asked, which is wrong when the change then failed.
   */
  redraw(): void
  /**
   * True once the user reached Plexkey through its tray icon (a click on it or on its menu): only
   * then is the icon known to be on screen. Stock GNOME, without an AppIndicator extension, shows no
   * tray icon at all, and Electron cannot tell.
   */
  seen(): boolean
  dispose(): void
}

/** Owns the one Tray: created on the first render, redrawn only when what it shows changes. */
export function createTrayController(options: TrayControllerOptions): TrayController {
  let tray: TrayHandle | null = null
  let shownIcon: TrayIconKey | null = null
  let shownKey = ''
  let last: {
    readonly state: SignInState
    readonly settings: TraySettings
    readonly servers: ServersView | null
    readonly identities: IdentitiesView | null
  } | null = null
  let used = false
  // Every menu action first notes that the tray was used: its menu was on screen.
  const given = options.actions
  const noting =
    <A extends unknown[]>(action: (...args: A) => void) =>
    (...args: A): void => {
      used = true
      action(...args)
    }
  // Electron checks a radio item the moment it is picked (lib/browser/api/menu-item.ts). What it
  // asks for (a switch, or a PIN first) may not happen, so the menu goes back to what holds until
  // the identities say otherwise.
  const choosing =
    (action: (uuid: string) => void) =>
    (uuid: string): void => {
      used = true
      action(uuid)
      redraw()
    }
  const actions: TrayActions = {
    signIn: noting(() => given.signIn()),
    checkNow: noting(() => given.checkNow()),
    openWindow: noting(() => given.openWindow()),
    signOut: noting(() => given.signOut()),
    setOpenAtLogin: noting((enabled: boolean) => given.setOpenAtLogin(enabled)),
    quit: noting(() => given.quit()),
    copyServerAddress: noting((clientIdentifier: string) => given.copyServerAddress(clientIdentifier)),
    openServerInPlexWeb: noting((clientIdentifier: string) => given.openServerInPlexWeb(clientIdentifier)),
    switchAccount: choosing((uuid) => given.switchAccount(uuid)),
    switchProfile: choosing((uuid) => given.switchProfile(uuid)),
    openPinPad: choosing((uuid) => given.openPinPad(uuid)),
  }

  function render(state: SignInState, settings: TraySettings, servers: ServersView | null = null, identities: IdentitiesView | null = null): boolean {
    last = { state, settings, servers, identities }
    const view = trayView(state, settings, actions, { servers, identities })
    // Functions drop out of JSON, so this key is exactly what the user can see.
    const key = JSON.stringify(view)
    if (tray && !tray.isDestroyed() && key === shownKey) return false
    if (!tray || tray.isDestroyed()) {
      tray = options.createTray(options.loadIcon(view.icon))
      shownIcon = view.icon
      tray.on('click', () => {
        used = true
        if (options.clickOpensWindow) options.actions.openWindow()
      })
    } else if (shownIcon !== view.icon) {
      tray.setImage(options.loadIcon(view.icon))
      shownIcon = view.icon
    }
    tray.setToolTip(view.tooltip)
    tray.setContextMenu(options.buildMenu([...view.menu]))
    shownKey = key
    return true
  }
  function redraw(): void {
    shownKey = ''
    if (last) render(last.state, last.settings, last.servers, last.identities)
  }

  return {
    render,
    redraw,
    seen: () => used,
    dispose() {
      if (tray && !tray.isDestroyed()) tray.destroy()
      tray = null
    },
  }
}
