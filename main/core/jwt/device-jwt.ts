import { SignJWT } from 'jose'
import type { Clock } from '../clock'
import { rememberSecret } from '../log'
import type { PlexClient, PlexResult } from '../plex/plex-types'
import type { DeviceKey } from './device-key'

/** The user-data claims Plexkey asks for (every user-data scope plex.tv documents for device JWTs). */
export const DEVICE_JWT_SCOPES = ['username', 'email', 'friendly_name', 'restricted', 'anonymous', 'joinedAt'] as const

/** A device JWT and when it stops being accepted (epoch ms). */
export interface SignedDeviceJwt {
  readonly jwt: string
  readonly expiresAt: number
}

export interface DeviceJwtClaims {
  readonly clientId: string
  readonly nonce: string
  readonly now: number
  readonly lifetimeSec: number
}

/** Signs a device JWT: `{kid, alg: EdDSA, typ: JWT}` over nonce, scope, aud plex.tv, iss client id, iat, exp. */
export async function signDeviceJwt(key: DeviceKey, claims: DeviceJwtClaims): Promise<SignedDeviceJwt> {
  const iat = Math.floor(claims.now / 1000)
  const exp = iat + claims.lifetimeSec
  const jwt = await new SignJWT({ nonce: claims.nonce, scope: DEVICE_JWT_SCOPES.join(',') })
    .setProtectedHeader({ kid: key.kid, alg: 'EdDSA', typ: 'JWT' })
    .setAudience('plex.tv')
    .setIssuer(claims.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey)
  // It proves we hold the key for its lifetime: as secret as a token while it lives.
  rememberSecret(jwt)
  return { jwt, expiresAt: exp * 1000 }
}

export interface DeviceJwtSourceOptions {
  readonly plex: Pick<PlexClient, 'getNonce'>
  readonly clientId: string
  readonly clock: Clock
  /** Lifetime of each device JWT (python-plexapi and Plex's guide: 5 minutes). */
  readonly lifetimeSec: number
  /** Sign a fresh one this long before the current one expires. */
  readonly renewBeforeSec: number
}

/** The device JWT one PIN is polled with. */
export interface DeviceJwtSource {
  /**
   * The current device JWT, or a new one over a fresh nonce when the current one is about to
   * expire. python-plexapi signs one at the start and polls with it for good, so its sign-in dies
   * with that JWT after 5 minutes; this one lasts as long as the PIN.
   */
  current(key: DeviceKey, signal: AbortSignal): Promise<PlexResult<string>>
  /** plex.tv said the current one had expired (498; our clock is behind): sign anew next time. */
  invalidate(): void
}

export function createDeviceJwtSource(options: DeviceJwtSourceOptions): DeviceJwtSource {
  let signed: SignedDeviceJwt | null = null
  // Never more than half the lifetime ahead, or every poll would fetch a nonce and sign again.
  const renewBeforeMs = Math.min(options.renewBeforeSec, options.lifetimeSec / 2) * 1000
  return {
    async current(key, signal) {
      const now = options.clock.now()
      if (signed && now < signed.expiresAt - renewBeforeMs) return { ok: true, value: signed.jwt }
      const nonce = await options.plex.getNonce({ signal })
      if (!nonce.ok) return nonce
      signed = await signDeviceJwt(key, {
        clientId: options.clientId,
        nonce: nonce.value,
        now: options.clock.now(),
        lifetimeSec: options.lifetimeSec,
      })
      return { ok: true, value: signed.jwt }
    },
    invalidate() {
      signed = null
    },
  }
}
