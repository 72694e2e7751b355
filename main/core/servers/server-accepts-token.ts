import { isJwt } from '../jwt/jwt-expiry'
import type { FetchLike } from '../plex/plex-client'

/**
 * What a Media Server made of a token: it answered as that token's holder (`accepted`), refused it
 * with 401 (`refused`), or said nothing clear (`unknown`: any other status, a failed connection).
 */
export type TokenVerdict = 'accepted' | 'refused' | 'unknown'

/** Long enough for a server across the internet, short enough that a command never hangs on it. */
const CHECK_TIMEOUT_MS = 10_000

/**
 * One authenticated request to `uri` (a proven address of the server: its /identity named it), and
 * to nowhere else: `GET <uri>/` with the token in a header, which a Media Server answers 200 for a
 * token it accepts and 401 for one it does not. Under a Plex JWT sign-in plex.tv may list the JWT
 * itself as an owned server's accessToken, which some servers refuse; asking once tells which.
 * No redirect is followed: the token goes to that address only.
 */
export async function serverAcceptsToken(fetch: FetchLike, uri: string, token: string, signal?: AbortSignal): Promise<TokenVerdict> {
  const timeout = AbortSignal.timeout(CHECK_TIMEOUT_MS)
  try {
    const response = await fetch(`${uri}/`, {
      method: 'GET',
      headers: { Accept: 'application/json', 'X-Plex-Token': token },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'manual',
    })
    await response.body?.cancel().catch(() => undefined)
    if (response.status === 401) return 'refused'
    return response.status === 200 ? 'accepted' : 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Only a server token that is a Plex JWT needs the check: the other kind is the kind servers take. */
export function needsAcceptanceCheck(token: string): boolean {
  return isJwt(token)
}
