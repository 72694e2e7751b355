import type { AppError, Result } from '../../../preload/api'
import type { DevicePublicJwk, PlexResult } from '../plex/plex-types'

/** A failure on this machine (the keychain that holds the device key), not at plex.tv. */
export interface LocalFailure {
  readonly ok: false
  readonly local: AppError
}

/** What a PIN session needs to sign in with the device key (JWT scheme); one per session. */
export interface PinDeviceAuth {
  /** The public key to register with each new PIN; the key pair is made on first use. */
  publicJwk(): Promise<Result<DevicePublicJwk>>
  /** The device JWT to poll with, re-signed over a fresh nonce before it expires. */
  deviceJwt(signal: AbortSignal): Promise<PlexResult<string> | LocalFailure>
  /** plex.tv answered 498 to the device JWT: sign a new one for the next poll. */
  invalidate(): void
  /** Verifies the Plex JWT an approved PIN carries; only a valid one may be used. */
  verifyToken(token: string, signal: AbortSignal): Promise<PlexResult<void>>
}
