import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import type { SignInState } from '../../preload/api'
import { trayView, type TrayActions, type TrayIconKey } from './tray-menu'

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
  render(state: SignInState, settings: { readonly openAtLogin: boolean }): boolean
  dispose(): void
}

/** Owns the one Tray: created on the first render, redrawn only when what it shows changes. */
export function createTrayController(options: TrayControllerOptions): TrayController {
  let tray: TrayHandle | null = null
  let shownIcon: TrayIconKey | null = null
  let shownKey = ''

  return {
    render(state, settings) {
      const view = trayView(state, settings, options.actions)
      // Functions drop out of JSON, so this key is exactly what the user can see.
      const key = JSON.stringify(view)
      if (tray && !tray.isDestroyed() && key === shownKey) return false
      if (!tray || tray.isDestroyed()) {
        tray = options.createTray(options.loadIcon(view.icon))
        shownIcon = view.icon
        if (options.clickOpensWindow) tray.on('click', () => options.actions.openWindow())
      } else if (shownIcon !== view.icon) {
        tray.setImage(options.loadIcon(view.icon))
        shownIcon = view.icon
      }
      tray.setToolTip(view.tooltip)
      tray.setContextMenu(options.buildMenu([...view.menu]))
      shownKey = key
      return true
    },
    dispose() {
      if (tray && !tray.isDestroyed()) tray.destroy()
      tray = null
    },
  }
}
