import type { TriedAddress } from './choose-connection'
import type { ProbeFailure } from './probe-identity'
import type { ServerState } from './server-state'

const MAX_LABEL = 80

/**
 * A name from plex.tv, fit to show: no control characters (a terminal would obey an escape
 * sequence), no bidirectional overrides (they reorder what follows), no other format characters
 * (zero-width spaces and joiners, tag characters: two names that differ only in them would look
 * the same), one line, bounded length.
 */
export function safeLabel(text: string): string {
  const clean = text
    .replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
  const chars = [...clean]
  const label = chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : clean
  return label === '' ? '(unnamed)' : label
}

const FAILURE_TEXT: Readonly<Record<ProbeFailure, string>> = {
  refused: 'refused',
  'no-answer': 'no answer',
  'wrong-server': 'another server answered',
  certificate: 'certificate not valid',
  'bad-answer': 'not a Plex Media Server answer',
  network: 'network error',
}

function triedText(tried: readonly TriedAddress[]): string {
  return tried.map((t) => `${t.uri} (${t.kind}: ${FAILURE_TEXT[t.failure]})`).join(', ')
}

/**
 * One or two sentences on why a server cannot be used, naming every address tried. `howToAllow`
 * ends the sentence for a server that answers only over plain http: the way to allow it where the
 * sentence is shown (a command-line option, a setting).
 */
export function unavailableSentence(
  name: string,
  state: Exclude<ServerState, { kind: 'online' }>,
  owned: boolean,
  howToAllow: string,
): string {
  const label = safeLabel(name)
  if (state.kind === 'unencrypted-only') {
    return `${label} is reachable only without encryption, at ${state.address.uri}: anyone on the network between could pose as it and take its token. ${howToAllow}`
  }
  const head =
    state.kind === 'offline'
      ? `${label} is offline: plex.tv has not heard from it lately.`
      : `${label} could not be reached from this computer.`
  if (state.tried.length === 0) {
    const why = owned ? 'plex.tv lists no address for it.' : 'plex.tv lists no remote or relay address for it (a shared server’s local addresses are not tried).'
    return `${head} Nothing was tried: ${why}`
  }
  return `${head} Tried ${triedText(state.tried)}.`
}

/** The warning shown whenever a server is used over plain http because the user allowed it. */
export function unencryptedWarning(name: string, uri: string): string {
  return `Warning: ${safeLabel(name)} is reached without encryption, at ${uri}: its token crosses the network in the clear.`
}
