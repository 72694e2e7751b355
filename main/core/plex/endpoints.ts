import type { Result } from '../../../preload/api'
import { fail, ok } from '../result'
import { quoteOutside } from '../text/control-chars'

/** Base URLs of everything Plexkey talks to on plex.tv. */
export interface PlexEndpoints {
  /** https://plex.tv, or PLEXKEY_PLEX_URL. */
  readonly api: string
  /** https://clients.plex.tv (the JWT and device-key host), or PLEXKEY_PLEX_URL. */
  readonly clients: string
  /** The hosted sign-in page https://app.plex.tv/auth, or PLEXKEY_AUTH_URL. */
  readonly auth: string
}

export const PLEX_ENDPOINTS: PlexEndpoints = {
  api: 'https://plex.tv',
  clients: 'https://clients.plex.tv',
  auth: 'https://app.plex.tv/auth',
}

/** The environment variables that point Plexkey at another plex.tv (a local stand-in, in tests). */
export const ENDPOINT_OVERRIDES = ['PLEXKEY_PLEX_URL', 'PLEXKEY_AUTH_URL'] as const

/** `URL.hostname` of this machine's loopback: IPv6 addresses keep their brackets. */
const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '[::1]', 'localhost']

/** True for a host that never leaves this machine, where plain http exposes nothing on the wire. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname.toLowerCase())
}

function parseBase(name: string, value: string): Result<string> {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail('invalid-argument', `${name} is not a valid URL: "${quoteOutside(value)}".`)
  }
  // X-Plex-Token rides on every request to these hosts, and the sign-in page gets the client id:
  // over http they would cross the network in the clear, so http is for this machine only.
  // Checked first: every message below echoes the value, which must not print a password.
  if (url.username || url.password) return fail('invalid-argument', `${name} must not carry a user name or password.`)
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
  if (!secure) {
    return fail('invalid-argument', `${name} must be an https URL (http only for 127.0.0.1, ::1 or localhost): "${quoteOutside(value)}".`)
  }
  if (url.search || url.hash) return fail('invalid-argument', `${name} must not carry a query or a fragment: "${quoteOutside(value)}".`)
  return ok(url.href.replace(/\/+$/, ''))
}

/** The endpoints, with PLEXKEY_PLEX_URL and PLEXKEY_AUTH_URL applied; an invalid override is an error. */
export function resolvePlexEndpoints(env: Readonly<Record<string, string | undefined>>): Result<PlexEndpoints> {
  let { api, clients, auth } = PLEX_ENDPOINTS
  const plexUrl = env['PLEXKEY_PLEX_URL']
  if (plexUrl) {
    const parsed = parseBase('PLEXKEY_PLEX_URL', plexUrl)
    if (!parsed.ok) return parsed
    api = clients = parsed.value
  }
  const authUrl = env['PLEXKEY_AUTH_URL']
  if (authUrl) {
    const parsed = parseBase('PLEXKEY_AUTH_URL', authUrl)
    if (!parsed.ok) return parsed
    auth = parsed.value
  }
  return ok({ api, clients, auth })
}
