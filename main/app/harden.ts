import type { App, Session, WebContents } from 'electron'
import { isAppUrl } from './url-policy'

/**
 * Process-wide hardening, installed before any window exists: every webContents (ours, and any a
 * bug or an exploit might create) may not open windows, leave the app's origin, or attach a
 * <webview>; no page is granted any permission. Certificate errors are left to Electron's default,
 * which refuses the connection: the app never listens for 'certificate-error'.
 */
export function hardenWebContents(contents: WebContents, appOrigin: () => string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin())) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, appOrigin())) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin())) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function installHardening(app: App, appOrigin: () => string): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin))
}

/** The app needs no web permission: notifications go through main's Notification, not the page. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
