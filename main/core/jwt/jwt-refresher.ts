import type { AppError } from '../../../preload/api'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import { plexErrors } from '../plex/plex-error'
import type { PlexClient, PlexError } from '../plex/plex-types'
import type { DeviceKey } from './device-key'
import { signDeviceJwt } from './device-jwt'
import type { PlexJwtClaims, PlexJwtVerifier } from './plex-jwt-verifier'

/**
 * How a refresh ended:
 * - refreshed: a new, verified Plex JWT;
 * - rejected: plex.tv refused for good (422: bad signature, device key revoked or taken; 401), or
 *   the device key is gone: only a new sign-in helps;
 * - unavailable: no answer worth acting on (offline, 5xx, 429, a token that failed verification):
 *   keep the old token and try again later.
 */
export type RefreshOutcome =
  | { readonly kind: 'refreshed'; readonly token: string; readonly claims: PlexJwtClaims }
  | { readonly kind: 'rejected'; readonly error: AppError }
  | { readonly kind: 'unavailable'; readonly error: PlexError | AppError }

export interface JwtRefresherOptions {
  readonly plex: Pick<PlexClient, 'getNonce' | 'exchangeToken'>
  readonly verifier: PlexJwtVerifier
  readonly clientId: string
  readonly clock: Clock
  readonly deviceJwtLifetimeSec: number
  readonly logger: Logger
}

/**
 * Gets a new Plex JWT without the user (GET /api/v2/auth/nonce, then POST /api/v2/auth/token): a fresh nonce, a device JWT signed over it, and
 * the exchange; the answer is verified before anyone may keep it. The old token is not needed:
 * the device key is the proof, which is why a refresh works even after the token has expired.
 */
export async function refreshPlexJwt(
  options: JwtRefresherOptions,
  key: DeviceKey,
  signal: AbortSignal,
): Promise<RefreshOutcome> {
  const { plex, logger } = options
  const nonce = await plex.getNonce({ signal })
  if (!nonce.ok) return failed(nonce.error, logger)
  const device = await signDeviceJwt(key, {
    clientId: options.clientId,
    nonce: nonce.value,
    now: options.clock.now(),
    lifetimeSec: options.deviceJwtLifetimeSec,
  })
  const exchanged = await plex.exchangeToken(device.jwt, { signal })
  if (!exchanged.ok) return failed(exchanged.error, logger)
  const verdict = await options.verifier.verify(exchanged.value, { deviceKid: key.kid, signal })
  switch (verdict.kind) {
    case 'valid':
      logger.info('Plex JWT refreshed', { expiresAt: new Date(verdict.claims.expiresAt).toISOString() })
      return { kind: 'refreshed', token: exchanged.value, claims: verdict.claims }
    case 'unavailable':
      return { kind: 'unavailable', error: verdict.error }
    case 'expired':
    case 'invalid':
      // Never stored: the old token stays, and the next attempt asks again.
      logger.warn('plex.tv sent a token that failed verification; refused', { verdict: verdict.kind })
      return { kind: 'unavailable', error: plexErrors.badResponse('the new token failed verification') }
  }
}

function failed(error: PlexError, logger: Logger): RefreshOutcome {
  // A 498 here would be our own, just-signed device JWT: a clock problem, not a revocation.
  if (error.code === 'token-rejected' && !error.tokenExpired) {
    logger.warn('plex.tv refused to renew the sign-in', { status: error.status })
    return { kind: 'rejected', error }
  }
  logger.warn('could not renew the sign-in now', { code: error.code, status: error.status })
  return { kind: 'unavailable', error }
}
