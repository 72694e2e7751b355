import type { Candidate } from './candidates'
import type { TriedAddress } from './choose-connection'

/**
 * What is known of one server. `offline`: plex.tv has not heard from it lately, and none of its
 * addresses answered as it; `unreachable`: plex.tv says it is up, but none answered from here.
 */
export type ServerState =
  | { readonly kind: 'online'; readonly address: Candidate; readonly rttMs: number }
  | { readonly kind: 'unreachable'; readonly tried: readonly TriedAddress[] }
  | { readonly kind: 'offline'; readonly tried: readonly TriedAddress[] }

/** A server as it may be shown anywhere (a terminal, --json, the window): no token. */
export interface ServerView {
  readonly name: string
  readonly clientIdentifier: string
  readonly owned: boolean
  readonly state: ServerState
}
