import type { Candidate } from './candidates'
import type { TriedAddress } from './choose-connection'

/**
 * What is known of one server. `offline`: plex.tv has not heard from it lately, and none of its
 * addresses answered as it; `unreachable`: plex.tv says it is up, but none answered from here;
 * `unencrypted-only`: only a plain-http address off this machine answered, which the user has not
 * allowed (see chooseConnection). `online` with an address that is not `encrypted`: the user allowed it.
 */
export type ServerState =
  | { readonly kind: 'online'; readonly address: Candidate; readonly rttMs: number }
  | { readonly kind: 'unencrypted-only'; readonly address: Candidate; readonly tried: readonly TriedAddress[] }
  | { readonly kind: 'unreachable'; readonly tried: readonly TriedAddress[] }
  | { readonly kind: 'offline'; readonly tried: readonly TriedAddress[] }

/** A server as it may be shown anywhere (a terminal, --json, the window): no token. */
export interface ServerView {
  readonly name: string
  readonly clientIdentifier: string
  readonly owned: boolean
  readonly state: ServerState
}
