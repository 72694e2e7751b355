/*
 * What a command needs to know of a saved token before deciding whether to ask plex.tv at all.
 * Kept apart from the rest of the JWT code, with no library behind it: `plexkey token` and
 * `plexkey exec` read this on every call, and loading a JOSE library costs more than Node's own
 * start-up. Nothing here verifies a signature: it is for scheduling and display only.
 */

/** Refresh a Plex JWT once it has this little life left (it lives 7 days). */
export const JWT_REFRESH_AHEAD_SEC = 24 * 60 * 60

/** A compact JWS (three base64url parts), as Plex JWTs are; legacy tokens are not. */
export function isJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)
}

/** A numeric date claim (exp, iat) of a Plex JWT, in epoch ms, read without verification; null when there is none to read. */
function jwtDateClaim(token: string, claim: 'exp' | 'iat'): number | null {
  if (!isJwt(token)) return null
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
    const value = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)[claim] : undefined
    return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null
  } catch {
    return null
  }
}

/** A Plex JWT's exp (epoch ms), read without verification; null when there is none to read. */
export function jwtExpiresAt(token: string): number | null {
  return jwtDateClaim(token, 'exp')
}

/** When a Plex JWT was issued (its iat, epoch ms): its last renewal, or the sign-in. Display only. */
export function jwtIssuedAt(token: string): number | null {
  return jwtDateClaim(token, 'iat')
}

/**
 * Whether a saved Plex JWT is due for refresh (or past its expiry), by its exp claim alone: for a
 * command deciding whether to ask plex.tv at all. A JWT without a readable exp counts as due.
 */
export function jwtRefreshDue(token: string, now: number, refreshAheadSec = JWT_REFRESH_AHEAD_SEC): boolean {
  const expiresAt = jwtExpiresAt(token)
  return expiresAt === null || now >= expiresAt - refreshAheadSec * 1000
}
