/**
 * Which URLs Plexkey may hand to the system browser, from the app or from the `plexkey` command.
 *
 * Every decision parses with `new URL()` and compares exact parts: prefix checks are how
 * `https://plex.tv.evil.example` and `https://plex.tv@evil.example` get through elsewhere.
 */

import { isLoopbackHost } from '../plex/endpoints'

/** Hosts the system browser may be sent to: the hosted sign-in page, plex.tv/link, support pages. */
export const EXTERNAL_HOSTS: readonly string[] = ['app.plex.tv', 'plex.tv', 'support.plex.tv']

/** Longer than any URL we open; a cap keeps a hostile string from costing anything to parse. */
const MAX_URL_LENGTH = 4096

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * `scheme://host[:port]` of a URL, or null when it has none or carries credentials.
 * Node's `URL.origin` is "null" for non-special schemes such as `app:`, so it is built by hand.
 */
export function originOf(url: unknown): string | null {
  const parsed = parse(url)
  if (!parsed || parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null
  return `${parsed.protocol}//${parsed.host}`
}

/**
 * True when the system browser may open `url`: https, an allowlisted host exactly, the default
 * port, no credentials. `extraOrigins` admits the sign-in page named by PLEXKEY_AUTH_URL, which
 * only whoever starts an unpackaged app can set (it points at a local stand-in for plex.tv in
 * tests); even then plain http is for this machine only, as for the override itself.
 */
export function isAllowedExternalUrl(url: unknown, extraOrigins: readonly string[] = []): url is string {
  const parsed = parse(url)
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false
  if (parsed.protocol === 'https:' && parsed.port === '' && EXTERNAL_HOSTS.includes(parsed.hostname)) return true
  const origin = originOf(url)
  const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
  return origin !== null && secure && extraOrigins.includes(origin)
}
