/**
 * Which URLs belong to the app itself: its renderer's origin, for navigation and IPC senders.
 * What the system browser may open is core's external-url-policy.ts, shared with the CLI.
 */

import { originOf } from '../core/url/external-url-policy'

/** The renderer is served from this privileged custom scheme (see app-protocol.ts). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'plexkey'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** True when `url` belongs to the renderer's own origin (navigation inside the app, IPC senders). */
export function isAppUrl(url: unknown, appOrigin: string): boolean {
  const origin = originOf(url)
  return origin !== null && origin === appOrigin
}
