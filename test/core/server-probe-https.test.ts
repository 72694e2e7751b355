import { describe, expect, it } from 'vitest'
import type { ProbeTiming } from '../../main/core/servers/choose-connection'
import type { FetchLike } from '../../main/core/plex/plex-client'
import { probeServer } from '../../main/core/servers/probe-servers'
import { unavailableSentence } from '../../main/core/servers/server-text'
import { useFakeMediaServers } from '../support/fake-media-servers'
import { resourceNamed } from '../support/servers-on-fake'
import { createCountingClock } from '../support/test-clock'

// https addresses over real TLS: the fake's Media Servers present a certificate made for this run,
// which Node's fetch does not trust unless a test hands it that certificate itself.

const NEVER = 60_000
const LONG_GRACE: ProbeTiming = { graceMs: NEVER, timeoutMs: NEVER }

const media = useFakeMediaServers([
  {
    // The same server at the same level, over https and over http.
    name: 'Den',
    owned: true,
    presence: true,
    connections: [
      { kind: 'live', local: false, https: true },
      { kind: 'live', local: false },
    ],
  },
  { name: 'Vault', owned: true, presence: true, connections: [{ kind: 'live', local: false, https: true }] },
])
const { trustingFetch, uriOf, releases } = media
const probe = (name: string, fetchWith: FetchLike) =>
  probeServer(resourceNamed(media.resources, name), { fetch: fetchWith, clock: createCountingClock(), timing: LONG_GRACE })

describe('https addresses', () => {
  it('are listed as https by plex.tv and served over TLS', () => {
    expect(uriOf('Den', 0)).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(media.fake.mediaCertificate).toContain('BEGIN CERTIFICATE')
  })

  it('refuses one whose certificate it does not trust, says why, sends it nothing, and takes the next', async () => {
    const state = await probe('Den', fetch)
    expect(state).toMatchObject({ kind: 'online', address: { uri: uriOf('Den', 1), protocol: 'http' } })
    // The TLS handshake failed: no request, and so no token, ever reached the https address.
    expect(media.fake.mediaRequests().filter((r) => r.uri === uriOf('Den', 0))).toEqual([])

    const vault = await probe('Vault', fetch)
    expect(vault).toEqual({ kind: 'unreachable', tried: [{ uri: uriOf('Vault', 0), kind: 'remote', failure: 'certificate' }] })
    if (vault.kind === 'online') throw new Error('Vault is online')
    expect(unavailableSentence('Vault', vault, true, 'Allow it.')).toBe(
      `Vault could not be reached from this computer. Tried ${uriOf('Vault', 0)} (remote: certificate not valid).`,
    )
  })

  it('trusted, wins over http at the same level, even when http answers first', async () => {
    releases.push(media.fake.mediaServer('Den').connections[0]?.hold() ?? (() => undefined))
    const state = probe('Den', trustingFetch)
    // Both asked; only the http one has answered. The https one is preferred, so it is waited for.
    await expect.poll(() => media.fake.mediaRequests().length).toBe(2)
    releases.pop()?.()
    expect(await state).toMatchObject({ kind: 'online', address: { uri: uriOf('Den', 0), protocol: 'https', kind: 'remote' } })
    expect(media.fake.mediaRequests().every((r) => r.token === null)).toBe(true)
  })
})
