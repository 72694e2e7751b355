import { app, BrowserWindow, dialog } from 'electron'
import { createLogger } from '../core/log'
import { createMainWindowOptions, type MainWindowOptionsInput } from './window-options'

export interface MainWindowOptions extends MainWindowOptionsInput {
  readonly preloadPath: string
  readonly url: string
  /** True once the user chose Quit: only then does closing the window really close it. */
  readonly isQuitting: () => boolean
  /** Started at login: stay in the tray until asked. */
  readonly startHidden: boolean
  /**
   * Whether hiding leaves a way back: a tray icon on screen. When not (Linux without a tray host),
   * closing minimizes the window, and a start at login shows it minimized, never invisible.
   */
  readonly canHideToTray: () => boolean
}

export interface MainWindow {
  readonly window: BrowserWindow
  /** Shows, restores and focuses the window (tray, second launch, notification click). */
  reveal(): void
}

const log = createLogger('window')

/** Reloads after a renderer crash before Plexkey gives up and says so. */
export const MAX_CRASH_RELOADS = 3

/** Electron's network error name on a failed load ("ERR_FILE_NOT_FOUND"), if it has one. */
function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  return typeof code === 'string' ? code : undefined
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
  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show()
    else if (!options.canHideToTray()) {
      window.showInactive()
      window.minimize()
    }
  })
  window.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    if (options.canHideToTray()) window.hide()
    else window.minimize()
  })
  // A renderer that died leaves a blank window: load the page again, a few times, then say why.
  let reloads = 0
  window.webContents.on('render-process-gone', (_event, details) => {
    if (window.isDestroyed() || options.isQuitting()) return
    log.warn('the window\'s page stopped', { reason: details.reason, exitCode: details.exitCode })
    if (reloads < MAX_CRASH_RELOADS) {
      reloads += 1
      window.webContents.reload()
      return
    }
    dialog.showErrorBox(
      'Plexkey cannot show its window',
      `Its page stopped ${reloads + 1} times (${details.reason}), so Plexkey will close. Start it again; if this keeps happening, reinstalling Plexkey may help.`,
    )
    app.quit()
  })
  window.loadURL(options.url).catch((error: unknown) => {
    // Replaced by a later navigation of the same window (a reload): that one's outcome counts.
    if (errorCode(error) === 'ERR_ABORTED') return
    // A window without its page would be a blank rectangle that explains nothing: say why and leave.
    const reason = error instanceof Error ? error.message : String(error)
    log.error('the window could not load its page', { url: options.url, reason })
    dialog.showErrorBox('Plexkey cannot show its window', `Its page did not load (${reason}), so Plexkey will close. Reinstalling Plexkey may help.`)
    app.quit()
  })
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
