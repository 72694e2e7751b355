/** The public shapes of the fake plex.tv. Every test in the project codes against these. */

import type { FakeHomeControls } from './home-controls'
import type { FakeHomeMemberSpec } from './home-state'
import type { FakeMediaServer, FakeServerSpec, MediaRequest } from './media-servers'

export interface FakeUser {
  id: number
  uuid: string
  username: string
  title: string
  email: string
  thumb: string
  plexPass: boolean
}

/**
 * A fault applied to matching requests, oldest rule first; only the first matching rule acts.
 * `path` as a string matches that path and everything below it ('/api/v2/pins' also matches
 * '/api/v2/pins/123'); as a RegExp it is tested against the path. `method` is compared without case.
 * Order of effects: wait for `holdUntil`, then `delayMs`, then `drop`, `malformed`, `oversizedBytes`, `stallBody`
 * or `status` (first set wins); a rule with only `holdUntil` or `delayMs` lets the request through afterwards.
 */
export interface FaultRule {
  path?: string | RegExp
  method?: string
  /** How many requests the rule applies to; default: all. */
  times?: number
  status?: number
  /** Plex error code for the error body; defaults to 1003 for 429 and 1001 for 401. */
  plexCode?: number
  /** Exact response body; replaces the generated error body. */
  body?: string
  /** Retry-After header value, sent as is (seconds or an HTTP date). */
  retryAfter?: string
  delayMs?: number
  /**
   * Holds the request until this resolves: a test sees the app waiting for as long as it looks,
   * however slow the machine, then lets the answer go. In-process only: the control API cannot carry it.
   */
  holdUntil?: Promise<unknown>
  /** Destroys the socket before any response byte. */
  drop?: boolean
  /** 200 with a body that is not valid JSON. */
  malformed?: boolean
  /** 200 with a JSON body of about this many bytes, streamed without Content-Length. */
  oversizedBytes?: number
  /** 200 and the first bytes of a JSON body, then nothing more until the client gives up. */
  stallBody?: boolean
  /** Content-Type for `body` (default: XML when it starts with '<', else JSON). */
  contentType?: string
  /** Extra response headers (e.g. Location for a redirect). */
  headers?: Record<string, string>
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  /** Lower-case names; X-Plex-* values decoded as UTF-8 the way plex.tv does. */
  headers: Record<string, string>
  at: number
  /** The raw request body ('' when none). */
  body: string
}

export interface FakePin {
  id: number
  code: string
  clientId: string
  strong: boolean
  product: string
  createdAt: number
  expiresAt: number
  polls: number
  authToken: string | null
  /** The device public key the PIN was created with (device-key sign-in), else null. */
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string } | null
  /** The `kid` the key was registered under (else its RFC 7638 thumbprint): the Plex JWT's `thumbprint` claim. */
  thumbprint: string | null
}

/** A device key as the fake knows it. */
export interface FakeDeviceKey {
  clientId: string
  /** The `kid` the client registered the key under, else its RFC 7638 thumbprint. */
  thumbprint: string
  /** Revoked: plex.tv refuses to renew tokens with it (422) until a new sign-in registers it again. */
  revoked: boolean
}

export interface FakePlex extends FakeHomeControls {
  /** Base origin, e.g. http://127.0.0.1:41234: serves /api/v2/... for both plex.tv and clients.plex.tv. */
  readonly url: string
  /** url + '/auth': stand-in for app.plex.tv/auth that approves the PIN named in its #? fragment. */
  readonly authUrl: string
  /**
   * Approves a live PIN (by id or code) and returns the legacy token it now carries. Throws for an
   * unknown or expired PIN, and for a PIN created with a device key (use approveJwt).
   */
  approve(pin: number | string, user?: Partial<FakeUser>): string
  /** Approves any live PIN; one created with a device key gets a Plex JWT, which is returned. */
  approveJwt(pin: number | string, user?: Partial<FakeUser>): Promise<string>
  /** A new signing key for Plex JWTs; the previous one stays listed in /auth/keys until the next rotation. */
  rotateSigningKey(): Promise<void>
  /** The device key of this client id can no longer renew tokens: /auth/token answers 422. */
  revokeDeviceKey(clientId: string): void
  /** Lifetime of Plex JWTs issued from now on (default 7 days). */
  setJwtLifetime(sec: number): void
  deviceKeys(): readonly FakeDeviceKey[]
  /** Later calls with this token get 401/1001. */
  revoke(token: string): void
  setLifetimes(l: { strongSec?: number; linkSec?: number }): void
  /**
   * The next PIN created lives `sec` seconds, whatever its kind; the ones after it as setLifetimes
   * says. A renewal can be made to come soon without hurrying the code that replaces it. null: no change.
   */
  setNextPinLifetime(sec: number | null): void
  /** Approve every PIN once it has been polled k times (undefined: never), signing in `as` (default: the default account). */
  setApproveAfterPolls(k: number | undefined, as?: Partial<FakeUser>): void
  fault(rule: FaultRule): void
  clearFaults(): void
  readonly requests: readonly RecordedRequest[]
  clearRequests(): void
  pins(): readonly FakePin[]
  /** Tokens issued and still accepted. */
  tokens(): readonly string[]
  /** The account's Media Servers, as /api/v2/resources lists them, each address a live 127.0.0.1 port. */
  readonly mediaServers: readonly FakeMediaServer[]
  /** One of them by its exact name; throws for an unknown name. */
  mediaServer(name: string): FakeMediaServer
  /** The certificate their https addresses present (PEM), or null when none is listed. */
  readonly mediaCertificate: string | null
  /** Every request any of their addresses received, with the token it carried. */
  mediaRequests(): readonly MediaRequest[]
  clearMediaRequests(): void
  /** Every token ever issued, accepted or not any more: account tokens and the Media Servers' access tokens. */
  issuedTokens(): readonly string[]
  /**
   * Resolves once no client is connected. A request is recorded before its connection can close, so
   * once a client process has exited and this resolves, every request it ever sent is in `requests`.
   */
  connectionsClosed(): Promise<void>
  close(): Promise<void>
}

export interface FakePlexOptions {
  port?: number
  approveAfterPolls?: number
  strongSec?: number
  linkSec?: number
  /** Defaults for the account behind every approved PIN. */
  user?: Partial<FakeUser>
  /** Lifetime of Plex JWTs in seconds (default 7 days); nonces live 5 minutes of the fake's clock. */
  jwtSec?: number
  /** The default account's Plex Home members (default: DEFAULT_HOME in home-state.ts); null: no Home. */
  home?: readonly FakeHomeMemberSpec[] | null
  /** The account's Media Servers (default: DEFAULT_SERVERS in media-servers.ts). */
  servers?: readonly FakeServerSpec[]
  /**
   * The fake's clock (default: the wall clock). A test that shares its own clock with the fake can
   * jump both ahead together, so tokens expire when the test says, not when the wall clock does.
   */
  now?: () => number
}
