import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../main/core/clock'
import { createLogger } from '../../main/core/log'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { discardToolDevice, mintToolDevice, type ToolMinting } from '../../main/core/tools/mint-tool-device'
import { COMMAND_TOOL } from '../../main/core/tools/tool-name'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf, unwrap } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

// Minting a tool's own device against the fake plex.tv: a PIN under a new client id, linked by the
// account, polled for its token; and what is left at plex.tv when a step fails (nothing).

let fake: FakePlex
let desktop: PlexClient
let owner: string
let logLines: string[]

/** Time that only moves when a timer is set: a wait of any length passes at once, and is counted. */
function instantClock(): Clock & { readonly waited: () => number } {
  let now = Date.now()
  let waited = 0
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      now += ms
      waited += ms
      setImmediate(fn)
      return {}
    },
    clearTimeout: () => undefined,
    waited: () => waited,
  }
}

const logger = () => createLogger('tools', { level: 'debug', sink: (line) => logLines.push(line) })

function minting(overrides: Partial<ToolMinting> = {}): ToolMinting {
  return {
    plex: desktop,
    clientFor: (identity) => plexClientOnFake(fake, { identity, logger: logger() }),
    install: testIdentity(),
    token: owner,
    clock: instantClock(),
    logger: logger(),
    ...overrides,
  }
}

const devicesUnder = (clientId: string) => fake.devices().filter((d) => d.clientIdentifier === clientId)
const deletes = () => fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/devices/')).length

beforeEach(async () => {
  fake = await startFakePlex()
  logLines = []
  desktop = plexClientOnFake(fake, { logger: logger() })
  const pin = unwrap(await desktop.createPin({ strong: true }))
  owner = fake.approve(pin.id, { username: 'ana', uuid: 'a0a000000001' })
})
afterEach(async () => {
  await fake.close()
})

describe('mintToolDevice', () => {
  it('makes one device of the tool’s own: product Plexkey, named "<tool> (Plexkey)", a new client id, a token plex.tv accepts', async () => {
    const before = fake.devices().length
    const minted = unwrap(await mintToolDevice(minting(), 'kometa'))
    expect(fake.devices()).toHaveLength(before + 1)
    expect(minted.clientIdentifier).not.toBe(testIdentity().clientId)
    const [device, ...more] = devicesUnder(minted.clientIdentifier)
    expect(more).toEqual([])
    expect(device).toMatchObject({ accountUuid: 'a0a000000001', info: { name: 'kometa (Plexkey)', product: 'Plexkey', platform: 'Linux' } })
    // The token is that device's, not the account's: plex.tv files it under the new client id.
    expect(minted.token).not.toBe(owner)
    expect(device?.tokens).toEqual([minted.token])
    expect(unwrap(await desktop.getUser(minted.token)).username).toBe('ana')
    expect(minted.tool).toBe('kometa')
    // Linked by the account: the PIN was a 4-character one, its code sent by the desktop.
    const link = fake.requests.find((r) => r.path === '/api/v2/pins/link')
    expect(link?.headers['x-plex-client-identifier']).toBe(testIdentity().clientId)
    expect(link?.headers['x-plex-token']).toBe(owner)
    const created = fake.requests.find((r) => r.path === '/api/v2/pins' && r.headers['x-plex-client-identifier'] === minted.clientIdentifier)
    expect(created?.query).toEqual({ strong: 'false' })
    // No token reached a log line.
    for (const token of fake.issuedTokens()) expect(logLines.join('\n')).not.toContain(token)
  })

  it('gives every device a client id of its own, and one for the plexkey command itself', async () => {
    const first = unwrap(await mintToolDevice(minting(), 'kometa'))
    const second = unwrap(await mintToolDevice(minting(), 'kometa'))
    const own = unwrap(await mintToolDevice(minting(), COMMAND_TOOL))
    expect(new Set([first.clientIdentifier, second.clientIdentifier, own.clientIdentifier]).size).toBe(3)
    expect(devicesUnder(own.clientIdentifier)[0]?.info.name).toBe('plexkey (Plexkey)')
    // The first device is not replaced by the second: both still work.
    expect(unwrap(await desktop.tokenIsDead(first.token))).toBe(false)
  })

  it('a link plex.tv refuses: one sentence, no device made, nothing to remove', async () => {
    const clientId = randomUUID()
    fake.revoke(owner)
    const error = errorOf(await mintToolDevice(minting({ newClientId: () => clientId }), 'kometa'))
    expect(error).toMatchObject({ code: 'token-rejected' })
    expect(error.message).toBe('plex.tv refused to link a device for kometa: it no longer accepts the saved sign-in. Sign in again, then retry.')
    expect(devicesUnder(clientId)).toEqual([])
    expect(deletes()).toBe(0)
  })

  it('a 429 on the link: one sentence about slowing down, no device made', async () => {
    const clientId = randomUUID()
    fake.fault({ path: '/api/v2/pins/link', status: 429, retryAfter: '60' })
    const error = errorOf(await mintToolDevice(minting({ newClientId: () => clientId }), 'kometa'))
    expect(error).toMatchObject({ code: 'rate-limited', retryable: true })
    expect(error.message).toBe('plex.tv is asking Plexkey to slow down, so no device was made for kometa; try again in a minute.')
    expect(devicesUnder(clientId)).toEqual([])
  })

  it('a linked PIN whose token never comes: polled for a bounded time, then the half-made device is removed', async () => {
    const clientId = randomUUID()
    const clock = instantClock()
    fake.withholdPinTokens(true)
    const error = errorOf(await mintToolDevice(minting({ newClientId: () => clientId, clock, maxWaitMs: 10_000, pollIntervalMs: 1_000 }), 'kometa'))
    expect(error.message).toBe('plex.tv never gave the new device "kometa (Plexkey)" its token, so the half-made device was removed; try again.')
    // Linking made the device at plex.tv; it is gone again, and its token with it.
    const linked = fake.requests.filter((r) => r.path === '/api/v2/pins/link')
    expect(linked).toHaveLength(1)
    expect(devicesUnder(clientId)).toEqual([])
    expect(deletes()).toBe(1)
    expect(clock.waited()).toBe(10_000)
    const polls = fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/pins/'))
    expect(polls).toHaveLength(11)
  })

  it('a PIN plex.tv forgets after the link: the half-made device is removed at once', async () => {
    const clientId = randomUUID()
    const clock = instantClock()
    fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 404, plexCode: 1020 })
    const error = errorOf(await mintToolDevice(minting({ newClientId: () => clientId, clock }), 'kometa'))
    expect(error).toMatchObject({ code: 'pin-expired' })
    expect(error.message).toMatch(/half-made device was removed/)
    expect(clock.waited()).toBe(0)
    expect(devicesUnder(clientId)).toEqual([])
  })

  it('a half-made device that cannot be removed is named, with where to remove it by hand', async () => {
    const clientId = randomUUID()
    fake.withholdPinTokens(true)
    fake.fault({ path: /^\/devices\//, method: 'DELETE', status: 500 })
    const error = errorOf(await mintToolDevice(minting({ newClientId: () => clientId, maxWaitMs: 2_000 }), 'kometa'))
    expect(error.message).toBe(
      'plex.tv never gave the new device "kometa (Plexkey)" its token. The half-made device "kometa (Plexkey)" could not be removed (plex.tv answered with an error (HTTP 500: Internal Server Error)): remove it from the account\'s devices (plexkey devices, or https://plex.tv/devices).',
    )
    expect(devicesUnder(clientId)).toHaveLength(1)
  })
})

describe('discardToolDevice', () => {
  it('removes every device under the client id, and only those; none there is no failure', async () => {
    const kept = unwrap(await mintToolDevice(minting(), 'tautulli'))
    const gone = unwrap(await mintToolDevice(minting(), 'kometa'))
    expect(unwrap(await discardToolDevice(desktop, owner, gone.clientIdentifier, logger()))).toBe(1)
    expect(devicesUnder(gone.clientIdentifier)).toEqual([])
    expect(unwrap(await desktop.tokenIsDead(gone.token))).toBe(true)
    expect(devicesUnder(kept.clientIdentifier)).toHaveLength(1)
    expect(unwrap(await discardToolDevice(desktop, owner, gone.clientIdentifier, logger()))).toBe(0)
  })
})
