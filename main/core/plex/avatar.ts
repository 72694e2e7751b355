import { PLEX_ENDPOINTS } from './endpoints'
import { plexErrors } from './plex-error'
import type { PlexResult } from './plex-types'
import { readBodyCapped } from './read-body'

/** Image formats the renderer may show, recognised by their first bytes (never by the header alone). */
const SIGNATURES: readonly (readonly [string, (b: Uint8Array) => boolean])[] = [
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ['image/webp', (b) => String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP'],
]

const MAX_REDIRECTS = 3

/**
 * plex.tv hosts over https; or, when PLEXKEY_PLEX_URL stands in for plex.tv, that origin alone:
 * a stand-in is there so that nothing reaches plex.tv, avatars included.
 */
export function isAllowedAvatarUrl(url: URL, apiOrigin: string): boolean {
  if (url.username || url.password) return false
  if (apiOrigin !== PLEX_ENDPOINTS.api) return url.origin === new URL(apiOrigin).origin
  return url.protocol === 'https:' && (url.hostname === 'plex.tv' || url.hostname.endsWith('.plex.tv'))
}

export interface AvatarRequest {
  readonly url: string
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>
  readonly signal: AbortSignal
  readonly maxBytes: number
  readonly apiOrigin: string
}

/**
 * Fetches an avatar and returns it as a `data:` URL (the renderer's CSP allows no remote images).
 * Redirects are followed by hand so every hop is checked against the allowed hosts.
 */
export async function fetchAvatarDataUrl(request: AvatarRequest): Promise<PlexResult<string>> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return { ok: false, error: plexErrors.badResponse('the avatar address is not a URL') }
  }
  for (let hop = 0; ; hop++) {
    if (!isAllowedAvatarUrl(url, request.apiOrigin)) {
      return { ok: false, error: plexErrors.badResponse('the avatar is not hosted on plex.tv') }
    }
    const response = await request.fetch(url.href, { headers: { Accept: 'image/*' }, signal: request.signal, redirect: 'manual' })
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel()
      if (hop >= MAX_REDIRECTS) return { ok: false, error: plexErrors.badResponse('the avatar redirected too often') }
      url = new URL(location, url)
      continue
    }
    if (!response.ok) {
      await response.body?.cancel()
      return { ok: false, error: plexErrors.plexError(response.status, undefined) }
    }
    const declared = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    if (!declared.startsWith('image/')) {
      await response.body?.cancel()
      return { ok: false, error: plexErrors.badResponse('the avatar is not an image') }
    }
    const read = await readBodyCapped(response, request.maxBytes)
    if (read.kind === 'too-large') return { ok: false, error: plexErrors.badResponse('the avatar is too large') }
    const type = SIGNATURES.find(([, matches]) => matches(read.bytes))?.[0]
    if (!type) return { ok: false, error: plexErrors.badResponse('the avatar is not a PNG, JPEG, GIF or WebP image') }
    return { ok: true, value: `data:${type};base64,${Buffer.from(read.bytes).toString('base64')}` }
  }
}
