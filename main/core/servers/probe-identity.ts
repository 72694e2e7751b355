import { z } from 'zod'
import { type NetworkFailureKind, networkFailureOf } from '../net/network-failure'
import type { FetchLike } from '../plex/plex-client'
import { readBodyCapped } from '../plex/read-body'

/** Why an address was not taken. */
export type ProbeFailure = 'refused' | 'no-answer' | 'wrong-server' | 'certificate' | 'bad-answer' | 'network'

export type ProbeOutcome = { readonly kind: 'match'; readonly rttMs: number } | { readonly kind: 'failed'; readonly reason: ProbeFailure }

const IDENTITY_LIMIT = 64 * 1024

const identitySchema = z.object({ MediaContainer: z.object({ machineIdentifier: z.string() }) })

/** The machineIdentifier in an /identity answer: JSON as asked, or the XML a server may send anyway. */
function machineIdentifierOf(text: string): string | null {
  if (text.trimStart().startsWith('<')) {
    return /<MediaContainer\b[^>]*\bmachineIdentifier="([^"]*)"/.exec(text)?.[1] ?? null
  }
  try {
    const parsed = identitySchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data.MediaContainer.machineIdentifier : null
  } catch {
    return null
  }
}

/** A failed exchange as a probe reports it, the same for Node's fetch (the CLI) and Electron's net (the app). */
const PROBE_FAILURE: Readonly<Record<NetworkFailureKind, ProbeFailure>> = {
  refused: 'refused',
  certificate: 'certificate',
  unresolved: 'network',
  other: 'network',
}

/**
 * Asks one address who it is: `GET <uri>/identity`, which a Media Server answers without a token.
 * Only a 200 naming `expected` as its machineIdentifier is a match. No token goes out here, and no
 * redirect is followed. TLS is verified as fetch always does (Node's bundled roots in the CLI, the
 * OS store through Electron's net), which plex.direct certificates pass.
 */
export async function probeIdentity(
  fetch: FetchLike,
  uri: string,
  expected: string,
  signal: AbortSignal,
  now: () => number,
): Promise<ProbeOutcome> {
  const started = now()
  try {
    const response = await fetch(`${uri}/identity`, { method: 'GET', headers: { Accept: 'application/json' }, signal, redirect: 'manual' })
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined)
      return { kind: 'failed', reason: 'bad-answer' }
    }
    const read = await readBodyCapped(response, IDENTITY_LIMIT)
    if (read.kind !== 'ok') return { kind: 'failed', reason: 'bad-answer' }
    const id = machineIdentifierOf(new TextDecoder().decode(read.bytes))
    if (id === null) return { kind: 'failed', reason: 'bad-answer' }
    if (id !== expected) return { kind: 'failed', reason: 'wrong-server' }
    return { kind: 'match', rttMs: Math.max(0, Math.round(now() - started)) }
  } catch (error) {
    if (signal.aborted) return { kind: 'failed', reason: 'no-answer' }
    return { kind: 'failed', reason: PROBE_FAILURE[networkFailureOf(error).kind] }
  }
}
