import type { BrowserWindowConstructorOptions } from 'electron'

/** Inputs that differ between a packaged app and a development run. */
export interface MainWindowOptionsInput {
  /** Developer tools only in development: a packaged app has no use for them. */
  readonly devTools: boolean
  /** Window icon (Linux and Windows; macOS takes the bundle's icon). */
  readonly icon?: string
}

/**
 * The main window's options, every security-relevant value set explicitly even where it is the
 * default: defaults are invisible, and templates quietly turn some of them off.
 */
export function createMainWindowOptions(
  preloadPath: string,
  input: MainWindowOptionsInput = { devTools: false },
): BrowserWindowConstructorOptions {
  return {
    title: 'Plexkey',
    width: 460,
    height: 680,
    minWidth: 380,
    minHeight: 520,
    // Shown on 'ready-to-show', so the first thing seen is the drawn page, not a blank frame.
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#1b1d22',
    ...(input.icon === undefined ? {} : { icon: input.icon }),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      plugins: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open a new window (denied anyway, but not even asked).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: input.devTools,
    },
  }
}
