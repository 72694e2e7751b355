import { Agent } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ProbeTiming } from '../../main/core/servers/choose-connection'
import type { FetchLike } from '../../main/core/plex/plex-client'
import type { PlexResource } from '../../main/core/plex/plex-types'
import { probeServer } from '../../main/core/servers/probe-servers'
import { unavailableSentence } from '../../main/core/servers/server-text'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { resourceNamed, resourcesOnFake } from '../support/servers-on-fake'
import { createCountingClock } from '../support/test-clock'

// https addresses over real TLS: the fake's Media Servers present a certificate made for this run,
// which Node's fetch does not trust unless a test hands it that certificate itself.

const NEVER = 60_000
const LONG_GRACE: ProbeTiming = { graceMs: NEVER, timeoutMs: NEVER }

let fake: FakePlex
let resources: readonly PlexResource[]
let trusting: Agent
const releases: (() => void)[] = []

beforeAll(async () => {
  fake = await startFakePlex({
    servers: [
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
    ],
  })
  resources = await resourcesOnFake(fake)
  // Trust for this one fetch only, through its dispatcher: verification stays on, with our CA.
  trusting = new Agent({ connect: { ca: fake.mediaCertificate ?? '' } })
})
afterAll(async () => {
  await trusting.close()
  await fake.close()
})
afterEach(() => {
  for (const release of releases.splice(0)) release()
  fake.clearMediaRequests()
})

const trustingFetch: FetchLike = (url, init) => fetch(url, { ...init, dispatcher: trusting } as RequestInit)
const uriOf = (server: string, index: number): string => fake.mediaServer(server).connections[index]?.uri ?? ''
const probe = (name: string, fetchWith: FetchLike) =>
  probeServer(resourceNamed(resources, name), { fetch: fetchWith, clock: createCountingClock(), timing: LONG_GRACE })

describe('https addresses', () => {
  it('are listed as https by plex.tv and served over TLS', () => {
    expect(uriOf('Den', 0)).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(fake.mediaCertificate).toContain('BEGIN CERTIFICATE')
  })

  it('refuses one whose certificate it does not trust, says why, sends it nothing, and takes the next', async () => {
    const state = await probe('Den', fetch)
    expect(state).toMatchObject({ kind: 'online', address: { uri: uriOf('Den', 1), protocol: 'http' } })
    // The TLS handshake failed: no request, and so no token, ever reached the https address.
    expect(fake.mediaRequests().filter((r) => r.uri === uriOf('Den', 0))).toEqual([])

    const vault = await probe('Vault', fetch)
    expect(vault).toEqual({ kind: 'unreachable', tried: [{ uri: uriOf('Vault', 0), kind: 'remote', failure: 'certificate' }] })
    if (vault.kind === 'online') throw new Error('Vault is online')
    expect(unavailableSentence('Vault', vault, true, 'Allow it.')).toBe(
      `Vault could not be reached from this computer. Tried ${uriOf('Vault', 0)} (remote: certificate not valid).`,
    )
  })

  it('trusted, wins over http at the same level, even when http answers first', async () => {
    releases.push(fake.mediaServer('Den').connections[0]?.hold() ?? (() => undefined))
    const state = probe('Den', trustingFetch)
    // Both asked; only the http one has answered. The https one is preferred, so it is waited for.
    await expect.poll(() => fake.mediaRequests().length).toBe(2)
    releases.pop()?.()
    expect(await state).toMatchObject({ kind: 'online', address: { uri: uriOf('Den', 0), protocol: 'https', kind: 'remote' } })
    expect(fake.mediaRequests().every((r) => r.token === null)).toBe(true)
  })
})
