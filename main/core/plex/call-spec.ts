import type { PlexResult } from './plex-types'
import type { Parsed } from './schemas'

/**
 * Which kind of call failed decides what a 404, a 401 or a 422 means. The kinds after 'jwt' are
 * token calls whose errors mean one thing more: a 403/1041 on a Home switch (the PIN), a 404/1020
 * on linking a PIN (an unknown or expired code), a 404 on removing a device (already gone).
 */
export type CallKind = 'pin' | 'token' | 'jwt' | TokenCallKind

/** The kinds of calls made with an account token. */
export type TokenCallKind = 'token' | 'home-switch' | 'link' | 'device'

/** One plex.tv request, as plex-client.ts sends it. */
export interface CallSpec<T> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path (with any fixed query); named in logs as it is, so it never carries a secret. */
  readonly path: string
  /** Query parameters that may hold a secret (a device JWT): sent, never logged. */
  readonly secretQuery?: Readonly<Record<string, string>>
  /** 'clients': clients.plex.tv, the host of the JWT and device-key endpoints. Default 'api'. */
  readonly host?: 'api' | 'clients'
  /** Sent as JSON. */
  readonly body?: unknown
  /** Sent as an HTML form (application/x-www-form-urlencoded); never logged. */
  readonly form?: Readonly<Record<string, string>>
  readonly kind: CallKind
  readonly token?: string
  readonly signal?: AbortSignal | undefined
  /** Absent: the answer has no body worth reading (sign-out). */
  readonly parse?: (json: unknown) => Parsed<T>
}

export type PlexCall = <T>(spec: CallSpec<T>) => Promise<PlexResult<T>>

/** A call with an account token: refused without a request when the token cannot be sent. */
export type TokenCall = <T>(
  token: string,
  spec: Omit<CallSpec<T>, 'kind' | 'token'> & { readonly kind?: TokenCallKind },
) => Promise<PlexResult<T>>
