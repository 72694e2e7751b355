import type { AppError, Result } from '../../../preload/api'
import type { CredentialVault, StoredCredential } from '../account/credential-vault'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import type { PlexClient, PlexError, PlexResult } from '../plex/plex-types'
import { ok } from '../result'
import { createDeviceJwtSource } from './device-jwt'
import { type DeviceKey, loadExistingDeviceKey, loadOrCreateDeviceKey } from './device-key'
import { type JwtRefresherOptions, refreshPlexJwt } from './jwt-refresher'
import type { PinDeviceAuth } from './pin-device-auth'
import { JWT_REFRESH_AHEAD_SEC, jwtExpiresAt } from './jwt-expiry'
import { createPlexJwtVerifier } from './plex-jwt-verifier'

export { isJwt, jwtExpiresAt, jwtRefreshDue } from './jwt-expiry'

export interface JwtPolicy {
  /** Refresh a Plex JWT once it has this little life left (it lives 7 days). */
  readonly refreshAheadSec: number
  /** Lifetime of the device JWTs we sign (5 minutes, as Plex's guide and python-plexapi use). */
  readonly deviceJwtLifetimeSec: number
  /** While polling a PIN, sign a new device JWT this long before the current one expires. */
  readonly deviceJwtRenewBeforeSec: number
  /** Fetch plex.tv's signing keys again for an unknown key id at most this often. */
  readonly keysRefetchAfterMs: number
}

export const defaultJwtPolicy: JwtPolicy = {
  refreshAheadSec: JWT_REFRESH_AHEAD_SEC,
  deviceJwtLifetimeSec: 5 * 60,
  deviceJwtRenewBeforeSec: 60,
  keysRefetchAfterMs: 30_000,
}

/**
 * Where a saved Plex JWT stands after `keepFresh`:
 * - current: verified and not yet due for refresh;
 * - refreshed: replaced by a new, verified one, already saved in the keychain (by this process,
 *   or by another that renewed it while this one waited);
 * - moved: the keychain no longer holds the sign-in this started from (signed out, or another
 *   account signed in, elsewhere): nothing was renewed or saved;
 * - rejected: it cannot be kept or renewed; the user must sign in again;
 * - unavailable: no verdict now (offline, keys unreachable, keychain locked): keep it, ask later;
 * - unsaved: renewed, but the keychain refused the new token: the old one stays there.
 */
export type Freshness =
  | { readonly kind: 'current' }
  | { readonly kind: 'refreshed'; readonly token: string }
  | { readonly kind: 'moved' }
  | { readonly kind: 'rejected'; readonly error: AppError }
  | { readonly kind: 'unavailable'; readonly error: PlexError | AppError }
  | { readonly kind: 'unsaved'; readonly error: AppError }

/** The device-key (JWT) scheme, as the sign-in service uses it. */
export interface JwtAuth {
  /** Device-key support for one PIN session. */
  pinAuth(): PinDeviceAuth
  /**
   * Verifies the saved Plex JWT of `credential` and refreshes it when it is due, expired or
   * unusable; `force` skips straight to the refresh (plex.tv answered 498). The refresh runs under
   * the vault's cross-process lock and starts from the keychain, not from `credential`: among
   * processes that find the same token due at once, one asks plex.tv and the others take its token.
   */
  keepFresh(credential: StoredCredential, options: { readonly force: boolean; readonly signal: AbortSignal }): Promise<Freshness>
  /** When a Plex JWT falls due for refresh (epoch ms), from its exp claim; null when it has none. */
  refreshDueAt(token: string): number | null
}

export interface JwtAuthOptions {
  readonly plex: PlexClient
  readonly vault: CredentialVault
  readonly clientId: string
  readonly clock: Clock
  readonly policy: JwtPolicy
  readonly logger: Logger
}

export function createJwtAuth(options: JwtAuthOptions): JwtAuth {
  const { plex, vault, clientId, clock, policy, logger } = options
  const verifier = createPlexJwtVerifier({ plex, clientId, clock, refetchAfterMs: policy.keysRefetchAfterMs, logger })
  const refresher: JwtRefresherOptions = { plex, verifier, clientId, clock, deviceJwtLifetimeSec: policy.deviceJwtLifetimeSec, logger }
  const keyOptions = { vault, clientId, logger }
  // Both modes may start a PIN at once: they must register the same key, so one load (or creation) serves both.
  let creating: Promise<Result<DeviceKey>> | null = null

  function keyForSignIn(): Promise<Result<DeviceKey>> {
    creating ??= loadOrCreateDeviceKey(keyOptions).finally(() => {
      creating = null
    })
    return creating
  }

  function pinAuth(): PinDeviceAuth {
    let key: DeviceKey | null = null
    const source = createDeviceJwtSource({
      plex,
      clientId,
      clock,
      lifetimeSec: policy.deviceJwtLifetimeSec,
      renewBeforeSec: policy.deviceJwtRenewBeforeSec,
    })
    return {
      async publicJwk() {
        const loaded = await keyForSignIn()
        if (!loaded.ok) return loaded
        key = loaded.value
        return ok(loaded.value.publicJwk)
      },
      async deviceJwt(signal) {
        if (!key) return { ok: false, local: { code: 'unknown', message: 'No device key for this sign-in.', retryable: true } }
        return source.current(key, signal)
      },
      invalidate: () => source.invalidate(),
      async verifyToken(token, signal): Promise<PlexResult<void>> {
        if (!key) return { ok: false, error: refused('no device key') }
        const verdict = await verifier.verify(token, { deviceKid: key.kid, signal })
        if (verdict.kind === 'valid') return { ok: true, value: undefined }
        if (verdict.kind === 'unavailable') return { ok: false, error: verdict.error }
        logger.warn('the token of an approved sign-in failed verification; refused', { verdict: verdict.kind })
        return { ok: false, error: refused(verdict.kind === 'invalid' ? verdict.reason : 'expired') }
      },
    }
  }

  /** 'current' when the token is verified and not yet due; otherwise why it needs a refresh. */
  async function judge(token: string, key: DeviceKey, signal: AbortSignal): Promise<Freshness | string> {
    const verdict = await verifier.verify(token, { deviceKid: key.kid, signal })
    if (verdict.kind === 'unavailable') return { kind: 'unavailable', error: verdict.error }
    if (verdict.kind === 'valid' && clock.now() < dueAt(verdict.claims.expiresAt)) return { kind: 'current' }
    // Due, expired, or unusable (signed with a retired key, tampered with, bound to an older
    // key): the refresh needs none of it, only the device key, so it is the way forward for all.
    return verdict.kind === 'invalid' ? verdict.reason : verdict.kind
  }

  async function keepFresh(credential: StoredCredential, { force, signal }: { force: boolean; signal: AbortSignal }): Promise<Freshness> {
    const key = await loadExistingDeviceKey(keyOptions)
    if (!key.ok) return key.permanent ? { kind: 'rejected', error: key.error } : { kind: 'unavailable', error: key.error }
    if (!force) {
      const judged = await judge(credential.token, key.value, signal)
      if (typeof judged !== 'string') return judged
    }
    const held = await vault.exclusively(() => refreshOnce(credential, key.value, force, signal))
    return held.ok ? held.value : { kind: 'unavailable', error: held.error }
  }

  /** Under the lock: renews the token the keychain holds now, unless that is no longer ours to renew. */
  async function refreshOnce(credential: StoredCredential, key: DeviceKey, force: boolean, signal: AbortSignal): Promise<Freshness> {
    const stored = await vault.loadActive()
    if (!stored.ok) return { kind: 'unavailable', error: stored.error }
    const now = stored.value
    // Signed out meanwhile (in this process or another), or another account's: renewing now
    // would bring a sign-in back that someone has just ended.
    if (now?.accountKey !== credential.accountKey) return { kind: 'moved' }
    if (now.token !== credential.token) {
      // Renewed by another process while this one waited for the lock: that token serves while it
      // is valid, even inside the renewal window (as fresh as one this process would get now).
      const verdict = await verifier.verify(now.token, { deviceKid: key.kid, signal })
      if (verdict.kind === 'unavailable') return { kind: 'unavailable', error: verdict.error }
      if (verdict.kind === 'valid') return { kind: 'refreshed', token: now.token }
      logger.info('refreshing the Plex JWT', { because: verdict.kind === 'invalid' ? verdict.reason : verdict.kind })
    } else {
      logger.info('refreshing the Plex JWT', { because: force ? 'plex.tv said it has expired' : 'it is due' })
    }
    const outcome = await refreshPlexJwt(refresher, key, signal)
    switch (outcome.kind) {
      case 'refreshed': {
        // Saved before the lock is let go, so the next process finds it and asks plex.tv nothing.
        const saved = await vault.saveActive({ ...now, token: outcome.token })
        return saved.ok ? { kind: 'refreshed', token: outcome.token } : { kind: 'unsaved', error: saved.error }
      }
      case 'rejected':
        return { kind: 'rejected', error: outcome.error }
      case 'unavailable':
        return { kind: 'unavailable', error: outcome.error }
    }
  }

  const dueAt = (expiresAt: number): number => expiresAt - policy.refreshAheadSec * 1000

  return {
    pinAuth,
    keepFresh,
    refreshDueAt: (token) => {
      const expiresAt = jwtExpiresAt(token)
      return expiresAt === null ? null : dueAt(expiresAt)
    },
  }
}

/** A token that failed verification: refused at once, no retry (it would fail the same way). */
function refused(reason: string): PlexError {
  return {
    code: 'plex-error',
    message: `plex.tv sent a sign-in token that failed verification (${reason}), so Plexkey refused it. Try again.`,
    retryable: false,
  }
}
