import { createLocalJWKSet, errors, type JWTPayload, jwtVerify, decodeProtectedHeader } from 'jose'
import { z } from 'zod'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import { plexErrors } from '../plex/plex-error'
import type { PlexClient, PlexError, PlexResult, PlexSigningKey } from '../plex/plex-types'

/** What Plexkey reads from a verified Plex JWT. */
export interface PlexJwtClaims {
  /** Epoch ms. */
  readonly expiresAt: number
  readonly issuedAt: number
  /** The device key the token is bound to. */
  readonly thumbprint: string
  readonly username: string | null
}

/**
 * The verdict on a Plex JWT:
 * - valid: signed by a key plex.tv lists, for us (iss plex.tv, aud plex.tv or our client id), not
 *   expired, bound to our device key;
 * - expired: all of that except the expiry, so a refresh can replace it;
 * - invalid: forged, tampered, not for us or bound to another key: never use it;
 * - unavailable: plex.tv's keys could not be had right now, so no verdict yet.
 */
export type JwtVerdict =
  | { readonly kind: 'valid'; readonly claims: PlexJwtClaims }
  | { readonly kind: 'expired'; readonly claims: PlexJwtClaims }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly error: PlexError }

export interface PlexJwtVerifier {
  verify(token: string, options: { readonly deviceKid: string; readonly signal?: AbortSignal }): Promise<JwtVerdict>
}

export interface PlexJwtVerifierOptions {
  readonly plex: Pick<PlexClient, 'getAuthKeys'>
  readonly clientId: string
  readonly clock: Clock
  /** A token signed by a key we do not know fetches the keys again, but not more often than this. */
  readonly refetchAfterMs: number
  readonly logger: Logger
}

const claimsSchema = z.object({
  exp: z.number(),
  iat: z.number(),
  thumbprint: z.string().min(1),
  user: z.object({ username: z.string() }).partial().nullish(),
})

interface KeySet {
  readonly getKey: ReturnType<typeof createLocalJWKSet>
  readonly kids: ReadonlySet<string>
}

type Fetched = PlexResult<KeySet>

/**
 * Verifies Plex JWTs with jose against plex.tv's published keys (GET /api/v2/auth/keys). The keys are cached; a token
 * naming a key we have not seen fetches them again (plex.tv rotates its keys), at most once per
 * `refetchAfterMs`, so a flood of forged tokens cannot turn into a flood of requests.
 */
export function createPlexJwtVerifier(options: PlexJwtVerifierOptions): PlexJwtVerifier {
  const { plex, clientId, clock, logger } = options
  let cached: KeySet | null = null
  let fetchedAt = Number.NEGATIVE_INFINITY
  let inFlight: Promise<Fetched> | null = null

  function fetchKeys(signal: AbortSignal | undefined): Promise<Fetched> {
    inFlight ??= (async (): Promise<Fetched> => {
      fetchedAt = clock.now()
      const keys = await plex.getAuthKeys(signal ? { signal } : {})
      if (!keys.ok) return keys
      // Plex signs with EdDSA over Ed25519; anything else in the set cannot have signed a Plex JWT.
      const usable = keys.value.filter((k: PlexSigningKey) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.x)
      const set: KeySet = {
        getKey: createLocalJWKSet({ keys: usable.map((k) => ({ ...k })) }),
        kids: new Set(usable.flatMap((k) => (k.kid ? [k.kid] : []))),
      }
      cached = set
      logger.debug('plex.tv signing keys fetched', { kids: [...set.kids] })
      return { ok: true, value: set }
    })().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  const canRefetch = (): boolean => clock.now() - fetchedAt >= options.refetchAfterMs

  async function check(token: string, deviceKid: string, set: KeySet): Promise<JwtVerdict | 'unknown-key'> {
    let payload: JWTPayload
    try {
      payload = (
        await jwtVerify(token, set.getKey, {
          algorithms: ['EdDSA'],
          issuer: 'plex.tv',
          // jose accepts the token when its aud holds any of these.
          audience: ['plex.tv', clientId],
          requiredClaims: ['iat', 'exp', 'thumbprint'],
          currentDate: new Date(clock.now()),
        })
      ).payload
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return 'unknown-key'
      // jose checks the signature before the claims: an expired token here is an authentic one.
      if (error instanceof errors.JWTExpired) return bound(error.payload, deviceKid, 'expired')
      const reason = error instanceof errors.JOSEError ? error.code : 'unreadable'
      return { kind: 'invalid', reason }
    }
    return bound(payload, deviceKid, 'valid')
  }

  return {
    async verify(token, { deviceKid, signal }) {
      try {
        decodeProtectedHeader(token)
      } catch {
        return { kind: 'invalid', reason: 'not a JWT' }
      }
      let set = cached
      if (!set) {
        const fetched = await fetchKeys(signal)
        if (!fetched.ok) return { kind: 'unavailable', error: fetched.error }
        set = fetched.value
      }
      const verdict = await check(token, deviceKid, set)
      if (verdict !== 'unknown-key') return verdict
      if (!canRefetch()) {
        // Perhaps a key plex.tv has only just begun to use: no verdict until we may ask again.
        return { kind: 'unavailable', error: plexErrors.badResponse('the token names a signing key not yet known') }
      }
      logger.info('a Plex JWT names an unknown signing key; fetching plex.tv keys again')
      const fetched = await fetchKeys(signal)
      if (!fetched.ok) return { kind: 'unavailable', error: fetched.error }
      const again = await check(token, deviceKid, fetched.value)
      return again === 'unknown-key' ? { kind: 'invalid', reason: 'signed by a key plex.tv does not list' } : again
    },
  }
}

function bound(payload: JWTPayload, deviceKid: string, kind: 'valid' | 'expired'): JwtVerdict {
  const parsed = claimsSchema.safeParse(payload)
  if (!parsed.success) return { kind: 'invalid', reason: 'claims of the wrong type' }
  const claims = parsed.data
  // A genuine Plex JWT issued to another key (another install, or a key since replaced) is not ours to use.
  if (claims.thumbprint !== deviceKid) return { kind: 'invalid', reason: 'bound to another device key' }
  return {
    kind,
    claims: {
      expiresAt: claims.exp * 1000,
      issuedAt: claims.iat * 1000,
      thumbprint: claims.thumbprint,
      username: claims.user?.username ?? null,
    },
  }
}
