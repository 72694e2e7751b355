import type { Result } from '../../../preload/api'
import { fail, ok } from '../result'

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

function parseBase(name: string, value: string): Result<string> {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail('invalid-argument', `${name} is not a valid URL: "${value}".`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('invalid-argument', `${name} must be an http or https URL: "${value}".`)
  }
  if (url.search || url.hash) return fail('invalid-argument', `${name} must not carry a query or a fragment: "${value}".`)
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

/**
 * Same as resolvePlexEndpoints, for composition roots that cannot start without endpoints:
 * throws with a plain message when an override is invalid.
 */
export function plexEndpoints(env: Readonly<Record<string, string | undefined>>): PlexEndpoints {
  const resolved = resolvePlexEndpoints(env)
  if (!resolved.ok) throw new Error(resolved.error.message)
  return resolved.value
}
