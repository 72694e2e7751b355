import { BrowserWindow } from 'electron'
import { createMainWindowOptions, type MainWindowOptionsInput } from './window-options'

export interface MainWindowOptions extends MainWindowOptionsInput {
  readonly preloadPath: string
  readonly url: string
  /** True once the user chose Quit: only then does closing the window really close it. */
  readonly isQuitting: () => boolean
  /** Started at login: stay in the tray until asked. */
  readonly startHidden: boolean
}

export interface MainWindow {
  readonly window: BrowserWindow
  /** Shows, restores and focuses the window (tray, second launch, notification click). */
  reveal(): void
}

/**
 * The one window. Its close button hides it to the tray: Plexkey keeps watching the sign-in in the
 * background and runs until Quit.
 */
export function createMainWindow(options: MainWindowOptions): MainWindow {
  // The options come from createMainWindowOptions (window-options.ts), which sets contextIsolation,
  // sandbox and disableBlinkFeatures: 'Auxclick' explicitly; test/app/window-options.test.ts asserts them.
  const window = new BrowserWindow( // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    createMainWindowOptions(options.preloadPath, {
      devTools: options.devTools,
      ...(options.icon === undefined ? {} : { icon: options.icon }),
    }),
  )
  if (!options.startHidden) window.once('ready-to-show', () => window.show())
  window.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    window.hide()
  })
  void window.loadURL(options.url)
  return {
    window,
    reveal() {
      if (window.isDestroyed()) return
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    },
  }
}
