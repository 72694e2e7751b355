import type { AuthScheme } from '../../../preload/api'
import type { ClientIdentity } from '../account/client-identity'
import type { CredentialVault } from '../account/credential-vault'
import type { Clock } from '../clock'
import { defaultJwtPolicy, type JwtPolicy } from '../jwt/jwt-auth'
import type { Logger } from '../log'
import type { PlexClient } from '../plex/plex-types'
import type { BackoffPolicy, Random } from './backoff'
import type { ListenForReturn } from './return-listener'
import { defaultPinPolicy, type PinPolicy } from './pin-machine'

export interface SignInPolicy {
  readonly pin: PinPolicy
  /** Period of the background token check while signed in and healthy; 0 turns it off. */
  readonly healthCheckIntervalMs: number
  /** How soon to check again while plex.tv cannot be reached. */
  readonly healthRetry: BackoffPolicy
  /** Device-key sign-in: refresh ahead of expiry, device JWT lifetimes, key refetching. */
  readonly jwt: JwtPolicy
  /**
   * How long the return page stays up after an approval, for a browser still on its way back
   * (browser-return.ts): Plex's page may take a while on a slow network, and the app runs on anyway.
   */
  readonly returnLingerMs: number
}

export const defaultSignInPolicy: SignInPolicy = {
  pin: defaultPinPolicy,
  healthCheckIntervalMs: 30 * 60_000,
  healthRetry: { baseMs: 5_000, capMs: 5 * 60_000, minMs: 5_000, maxRetryAfterMs: 30 * 60_000 },
  jwt: defaultJwtPolicy,
  returnLingerMs: 30_000,
}

export interface SignInPolicyOverrides {
  readonly pin?: Partial<PinPolicy>
  readonly healthCheckIntervalMs?: number
  readonly healthRetry?: Partial<BackoffPolicy>
  readonly jwt?: Partial<JwtPolicy>
  readonly returnLingerMs?: number
}

export interface SignInServiceOptions {
  readonly plex: PlexClient
  readonly vault: CredentialVault
  /** Defaults to the system clock (its timers never keep the process alive). */
  readonly clock?: Clock
  readonly policy?: SignInPolicyOverrides
  /** Jitter source for every backoff; defaults to Math.random. */
  readonly random?: Random
  /**
   * Named in the log when a sign-in starts (a 404/1020 on poll usually means the id changed); the
   * device-key (JWT) scheme needs it as the issuer of its device JWTs, so without it JWTs cannot
   * be signed in with or refreshed.
   */
  readonly identity?: Pick<ClientIdentity, 'clientId'>
  /**
   * The scheme for the next sign-in, read when it starts (so a changed setting applies to the
   * next one): 'legacy' (default) or 'jwt' (device key). A saved token is kept the way it came,
   * whatever this says: a Plex JWT is refreshed, a legacy token just checked.
   */
  readonly authScheme?: () => AuthScheme
  readonly logger?: Logger
  /** Starts the browser way's return page (default: on a random port of 127.0.0.1). */
  readonly listenForReturn?: ListenForReturn
}

/** The defaults, with whatever the caller overrides. */
export function resolveSignInPolicy(overrides: SignInPolicyOverrides = {}): SignInPolicy {
  return {
    pin: { ...defaultSignInPolicy.pin, ...overrides.pin },
    healthCheckIntervalMs: overrides.healthCheckIntervalMs ?? defaultSignInPolicy.healthCheckIntervalMs,
    healthRetry: { ...defaultSignInPolicy.healthRetry, ...overrides.healthRetry },
    jwt: { ...defaultSignInPolicy.jwt, ...overrides.jwt },
    returnLingerMs: overrides.returnLingerMs ?? defaultSignInPolicy.returnLingerMs,
  }
}
