import type { AppError, ErrorCode } from '../../../preload/api'

/** A typed plex.tv failure. Errors are returned, never thrown, so every caller must look at them. */
export interface PlexError extends AppError {
  readonly code: Extract<
    ErrorCode,
    'network' | 'timeout' | 'rate-limited' | 'pin-expired' | 'token-rejected' | 'bad-response' | 'plex-error'
  >
  /** From a Retry-After header on a 429 or 503, in milliseconds, when plex.tv sent one. */
  readonly retryAfterMs?: number
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

/** A server or client the account can reach (E6), reduced to what Plexkey shows. */
export interface PlexResource {
  readonly name: string
  readonly product: string
  readonly clientIdentifier: string
  readonly provides: readonly string[]
  readonly owned: boolean
  readonly presence: boolean
}

/** Options common to every call. */
export interface CallOptions {
  /** Aborting it stops the request at once; the result is then a 'network' error nobody reads. */
  readonly signal?: AbortSignal
}

/** Every plex.tv call Plexkey makes. One implementation (plex-client.ts), used by the app and the CLI. */
export interface PlexClient {
  createPin(options: { readonly strong: boolean } & CallOptions): Promise<PlexResult<PlexPin>>
  checkPin(id: number, options?: CallOptions): Promise<PlexResult<PlexPin>>
  getUser(token: string, options?: CallOptions): Promise<PlexResult<PlexUser>>
  signOut(token: string, options?: CallOptions): Promise<PlexResult<void>>
  getResources(token: string, options?: CallOptions): Promise<PlexResult<readonly PlexResource[]>>
  /** Fetches an avatar (only from plex.tv hosts) and returns it as a `data:` URL for the renderer. */
  fetchAvatar(url: string, options?: CallOptions): Promise<PlexResult<string>>
  /** The hosted sign-in page for a strong PIN (`https://app.plex.tv/auth#?clientID=…&code=…&context[device][…]=…`). */
  authUrl(code: string): string
  /** The address where a 4-character code is typed. */
  readonly linkUrl: string
}
