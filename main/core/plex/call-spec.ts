import type { PlexResult } from './plex-types'
import type { Parsed } from './schemas'

/** Which kind of call failed decides what a 404, a 401 or a 422 means. */
export type CallKind = 'pin' | 'token' | 'jwt'

/** One plex.tv request, as plex-client.ts sends it. */
export interface CallSpec<T> {
  readonly method: 'GET' | 'POST' | 'DELETE'
  /** Path (with any fixed query); named in logs as it is, so it never carries a secret. */
  readonly path: string
  /** Query parameters that may hold a secret (a device JWT): sent, never logged. */
  readonly secretQuery?: Readonly<Record<string, string>>
  /** 'clients': clients.plex.tv, the host of the JWT and device-key endpoints. Default 'api'. */
  readonly host?: 'api' | 'clients'
  /** Sent as JSON. */
  readonly body?: unknown
  readonly kind: CallKind
  readonly token?: string
  readonly signal?: AbortSignal | undefined
  /** Absent: the answer has no body worth reading (sign-out). */
  readonly parse?: (json: unknown) => Parsed<T>
}

export type PlexCall = <T>(spec: CallSpec<T>) => Promise<PlexResult<T>>
