import type { AppError, ErrorCode } from '../../../preload/api'

/** A typed plex.tv failure. Errors are returned, never thrown, so every caller must look at them. */
export interface PlexError extends AppError {
  readonly code: Extract<
    ErrorCode,
    | 'network'
    | 'timeout'
    | 'rate-limited'
    | 'pin-expired'
    | 'token-rejected'
    | 'bad-response'
    | 'plex-error'
    | 'home-pin-required'
    | 'device-gone'
  >
  /** From a Retry-After header on a 429 or 503, in milliseconds, when plex.tv sent one. */
  readonly retryAfterMs?: number
  /**
   * Set with 'token-rejected' on a 498: the JWT (a Plex JWT, or the device JWT we signed) has
   * expired and can be replaced by a fresh one. Without it, 'token-rejected' means revoked for good.
   * Main-only: it never crosses IPC (the pin machine and the service strip it).
   */
  readonly tokenExpired?: true
}

export type PlexResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PlexError }

/** A PIN as plex.tv describes it (E1/E2), with times turned into epoch milliseconds. */
export interface PlexPin {
  readonly id: number
  readonly code: string
  readonly clientIdentifier: string
  /** Absolute expiry (from `expiresAt`, or now + `expiresIn` when that is missing). */
  readonly expiresAt: number
  /** Null until the PIN is approved; then a legacy token or a Plex JWT. */
  readonly authToken: string | null
}

/** The account behind a token (E5), reduced to what Plexkey uses. */
export interface PlexUser {
  readonly id: number
  readonly uuid: string
  readonly username: string
  readonly title: string
  readonly email: string
  readonly thumb: string | null
  readonly hasPlexPass: boolean
}

/** One address plex.tv lists for a resource; `uri` is what a client connects to. */
export interface PlexConnection {
  readonly protocol: string
  readonly address: string
  readonly port: number
  readonly uri: string
  readonly local: boolean
  readonly relay: boolean
  readonly ipv6: boolean
}

/** A server or client the account can reach (E6), reduced to what Plexkey uses. */
export interface PlexResource {
  readonly name: string
  readonly product: string
  readonly clientIdentifier: string
  readonly provides: readonly string[]
  readonly owned: boolean
  readonly presence: boolean
  /** The token this server accepts from this account (main only, like the account token); null for players. */
  readonly accessToken: string | null
  /** plex.tv says the server refuses plain http: its http addresses are never candidates. */
  readonly httpsRequired: boolean
  readonly connections: readonly PlexConnection[]
}

/**
 * The device's public key as it is registered with a PIN: Ed25519, with its RFC 7638
 * thumbprint as `kid` (plex.tv binds issued JWTs to it in their `thumbprint` claim).
 */
export interface DevicePublicJwk {
  readonly kty: 'OKP'
  readonly crv: 'Ed25519'
  readonly x: string
  readonly kid: string
  readonly use: 'sig'
  readonly alg: 'EdDSA'
}

/** One of the public keys plex.tv signs its JWTs with, as much of it as verification needs. */
export interface PlexSigningKey {
  readonly kty: string
  readonly crv?: string
  readonly x?: string
  readonly kid?: string
  readonly alg?: string
  readonly use?: string
}

/** One profile of a Plex Home, as the v2 list gives it, reduced to what Plexkey uses. */
export interface PlexHomeUser {
  readonly id: number
  readonly uuid: string
  /** Untrusted text from plex.tv, up to 512 characters: escape it wherever it is shown. */
  readonly title: string
  /** Empty for managed users. */
  readonly username: string
  readonly thumb: string | null
  readonly admin: boolean
  readonly guest: boolean
  readonly restricted: boolean
  /** Switching to this profile needs its PIN. */
  readonly protected: boolean
}

/**
 * The account's Plex Home. plex.tv answers an account without one with a Home of one (the owner
 * alone) or with a 404: both are 'no-home'.
 */
export type PlexHome = { readonly kind: 'home'; readonly users: readonly PlexHomeUser[] } | { readonly kind: 'no-home' }

/**
 * One place the account is signed in (GET /api/v2/devices). plex.tv lists each device's token
 * too: it is dropped where the answer is parsed and has no field here.
 */
export interface PlexDevice {
  readonly id: number
  /** Untrusted text from plex.tv, up to 512 characters: escape it wherever it is shown. */
  readonly name: string
  readonly product: string
  readonly productVersion: string
  readonly platform: string
  readonly clientIdentifier: string
  /** Epoch ms; null when plex.tv gave none. */
  readonly createdAt: number | null
  readonly lastSeenAt: number | null
  readonly provides: readonly string[]
}

/** Options common to every call. */
export interface CallOptions {
  /** Aborting it stops the request at once; the result is then a 'network' error nobody reads. */
  readonly signal?: AbortSignal
}

/** Every plex.tv call Plexkey makes. One implementation (plex-client.ts), used by the app and the CLI. */
export interface PlexClient {
  /** With `jwk`: a PIN bound to the device key (JSON body on clients.plex.tv); its token is a Plex JWT. */
  createPin(options: { readonly strong: boolean; readonly jwk?: DevicePublicJwk } & CallOptions): Promise<PlexResult<PlexPin>>
  /** With `deviceJWT`: the poll of a device-key PIN, proving we hold the key it was created with. */
  checkPin(id: number, options?: { readonly deviceJWT?: string } & CallOptions): Promise<PlexResult<PlexPin>>
  /** A one-time nonce for a device JWT (GET /api/v2/auth/nonce). */
  getNonce(options?: CallOptions): Promise<PlexResult<string>>
  /** A fresh Plex JWT in exchange for a device JWT signed over a fresh nonce (POST /api/v2/auth/token). */
  exchangeToken(deviceJwt: string, options?: CallOptions): Promise<PlexResult<string>>
  /** The public keys plex.tv signs its JWTs with (GET /api/v2/auth/keys); it rotates them. */
  getAuthKeys(options?: CallOptions): Promise<PlexResult<readonly PlexSigningKey[]>>
  getUser(token: string, options?: CallOptions): Promise<PlexResult<PlexUser>>
  signOut(token: string, options?: CallOptions): Promise<PlexResult<void>>
  getResources(token: string, options?: CallOptions): Promise<PlexResult<readonly PlexResource[]>>
  /** The Plex Home of the account behind `token` (GET /api/v2/home/users). */
  listHomeUsers(token: string, options?: CallOptions): Promise<PlexResult<PlexHome>>
  /**
   * A Home user's token, minted with the account's (POST /api/v2/home/users/{uuid}/switch?pin=).
   * Only the token is read from the answer; a wrong or missing PIN is 'home-pin-required'.
   * Switches run one at a time: plex.tv answers bursts of them with 429.
   */
  switchHomeUser(token: string, uuid: string, options?: { readonly pin?: string } & CallOptions): Promise<PlexResult<string>>
  /** Claims a 4-character PIN for the account behind `token` (PUT /api/v2/pins/link); 'pin-expired' for an unknown or expired code. */
  linkPin(token: string, code: string, options?: CallOptions): Promise<PlexResult<void>>
  /** Where the account is signed in (GET /api/v2/devices), without the tokens plex.tv lists. */
  listDevices(token: string, options?: CallOptions): Promise<PlexResult<readonly PlexDevice[]>>
  /**
   * The token plex.tv lists for device `id` (null: none listed), read for checking its death once it
   * is removed; 'device-gone' when it is not listed. Never to be shown, logged or sent anywhere
   * but to plex.tv's own check.
   */
  deviceToken(token: string, id: number, options?: CallOptions): Promise<PlexResult<string | null>>
  /** Removes a device (DELETE /devices/{id}.xml); 'device-gone' when plex.tv no longer lists it. */
  removeDevice(token: string, id: number, options?: CallOptions): Promise<PlexResult<void>>
  /** True when plex.tv refuses the token (GET /api/v2/user answers 401): a removed device's token must be. */
  tokenIsDead(token: string, options?: CallOptions): Promise<PlexResult<boolean>>
  /** Fetches an avatar (only from plex.tv hosts) and returns it as a `data:` URL for the renderer. */
  fetchAvatar(url: string, options?: CallOptions): Promise<PlexResult<string>>
  /** The hosted sign-in page for a strong PIN (`https://app.plex.tv/auth#?clientID=…&code=…&context[device][…]=…`). */
  /** With `forwardUrl`, the page sends the browser there once the PIN is approved. */
  authUrl(code: string, forwardUrl?: string): string
  /** The address where a 4-character code is typed. */
  readonly linkUrl: string
}
