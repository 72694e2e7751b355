import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { createLogger } from '../../main/core/log'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { ensureToolDevice, listTools, revokeTool, type ToolContext } from '../../main/core/tools/tool-devices'
import { createToolStore, toolsEntryName } from '../../main/core/tools/tool-store'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { errorOf, unwrap } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

// A tool's device kept in the real keychain (`tools:<account uuid>`), reused while plex.tv accepts
// its token, minted again once it does not, listed and revoked; against the fake plex.tv.

const ACCOUNT = 'a0a000000001'
let keyring: PrivateKeyring
let vault: CredentialVault
let fake: FakePlex
let desktop: PlexClient
let owner: string
let logLines: string[]

const logger = () => createLogger('tools', { level: 'debug', sink: (line) => logLines.push(line) })

function context(overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    vault,
    accountUuid: ACCOUNT,
    plex: desktop,
    clientFor: (identity) => plexClientOnFake(fake, { identity, logger: logger() }),
    install: testIdentity(),
    owner: { profile: null, token: owner },
    logger: logger(),
    ...overrides,
  }
}

const pinsMade = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins').length
const devicesUnder = (clientId: string) => fake.devices().filter((d) => d.clientIdentifier === clientId)
const entry = async (): Promise<unknown> => {
  const text = (await keyring.items())[toolsEntryName(ACCOUNT)]
  return text === undefined ? undefined : JSON.parse(text)
}

beforeAll(async () => {
  keyring = await startPrivateKeyring()
  vault = keytarVaultOn(keyring)
})
afterAll(async () => {
  await keyring?.stop()
})
beforeEach(async (test) => {
  await fake?.close()
  fake = await startFakePlex()
  logLines = []
  desktop = plexClientOnFake(fake, { logger: logger() })
  const pin = unwrap(await desktop.createPin({ strong: true }))
  owner = fake.approve(pin.id, { username: 'ana', uuid: ACCOUNT })
  unwrap(await vault.deleteEntry(toolsEntryName(ACCOUNT)))
  fake.clearRequests()
  test.onTestFinished(() => {
    // No token, of any device, reached a log line.
    for (const token of fake.issuedTokens()) expect(logLines.join('\n')).not.toContain(token)
  })
})
afterAll(async () => {
  await fake?.close()
})

describe('ensureToolDevice', () => {
  it('mints on first use and keeps the device in tools:<account uuid>; the next use mints nothing', async () => {
    const first = unwrap(await ensureToolDevice(context(), 'kometa'))
    expect(first.minted).toBe(true)
    expect(devicesUnder(first.clientIdentifier)[0]?.info).toMatchObject({ name: 'kometa (Plexkey)', product: 'Plexkey' })
    const stored = (await entry()) as { tools: Record<string, unknown>[] }
    expect(stored).toEqual({ tools: [{ name: 'kometa', profile: null, clientIdentifier: first.clientIdentifier, token: first.token, createdAt: expect.any(String) }] })
    expect(Date.parse(String(stored.tools[0]?.['createdAt']))).toBeGreaterThan(Date.now() - 60_000)

    const made = pinsMade()
    const second = unwrap(await ensureToolDevice(context(), 'kometa'))
    expect(second).toEqual({ ...first, minted: false })
    expect(pinsMade()).toBe(made)
    // Checked as the tool's own device, under its own client identifier.
    const check = fake.requests.at(-1)
    expect(check).toMatchObject({ method: 'GET', path: '/api/v2/user' })
    expect(check?.headers['x-plex-client-identifier']).toBe(first.clientIdentifier)
    expect(check?.headers['x-plex-device-name']).toBe('kometa (Plexkey)')
  })

  it('another tool gets another device, kept beside the first', async () => {
    const kometa = unwrap(await ensureToolDevice(context(), 'kometa'))
    const tautulli = unwrap(await ensureToolDevice(context(), 'tautulli'))
    expect(tautulli.clientIdentifier).not.toBe(kometa.clientIdentifier)
    expect(((await entry()) as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(['kometa', 'tautulli'])
  })

  it('two uses at once mint one device: the second finds the first one’s under the keychain lock', async () => {
    const before = fake.devices().length
    const [a, b] = await Promise.all([ensureToolDevice(context(), 'kometa'), ensureToolDevice(context(), 'kometa')])
    expect(unwrap(a).token).toBe(unwrap(b).token)
    expect([unwrap(a).minted, unwrap(b).minted].sort()).toEqual([false, true])
    expect(fake.devices()).toHaveLength(before + 1)
  })

  it('a token plex.tv refuses (the device was removed): a new device is minted and kept in its place', async () => {
    const first = unwrap(await ensureToolDevice(context(), 'kometa'))
    const [device] = devicesUnder(first.clientIdentifier)
    unwrap(await desktop.removeDevice(owner, device?.id ?? 0))
    const again = unwrap(await ensureToolDevice(context(), 'kometa'))
    expect(again.minted).toBe(true)
    expect(again.clientIdentifier).not.toBe(first.clientIdentifier)
    expect(((await entry()) as { tools: { token: string }[] }).tools.map((t) => t.token)).toEqual([again.token])
    expect(unwrap(await desktop.tokenIsDead(again.token))).toBe(false)
  })

  it('a refused token whose device plex.tv still lists: that device is removed once the new one is kept', async () => {
    const first = unwrap(await ensureToolDevice(context(), 'kometa'))
    fake.revoke(first.token)
    expect(devicesUnder(first.clientIdentifier)).toHaveLength(1)
    const again = unwrap(await ensureToolDevice(context(), 'kometa'))
    expect(again.minted).toBe(true)
    expect(devicesUnder(first.clientIdentifier)).toEqual([])
  })

  it('plex.tv out of reach for the check: the kept token is used, marked unchecked', async () => {
    const first = unwrap(await ensureToolDevice(context(), 'kometa'))
    fake.fault({ path: '/api/v2/user', status: 503 })
    const again = unwrap(await ensureToolDevice(context(), 'kometa'))
    expect(again).toMatchObject({ token: first.token, minted: false, unchecked: { code: 'plex-error', status: 503 } })
  })

  it('a malformed entry is a keychain error that says how to clean up, never echoing the value; nothing is minted', async () => {
    const secret = 'some-token-4f8a9b7c6d5e'
    unwrap(await vault.setEntry(toolsEntryName(ACCOUNT), JSON.stringify({ tools: [{ name: 'kometa', token: secret }] })))
    const error = errorOf(await ensureToolDevice(context(), 'kometa'))
    expect(error).toMatchObject({ code: 'keychain' })
    expect(error.message).toBe(
      `The keychain entry "tools:${ACCOUNT}" is not a list of tools Plexkey can use (missing or invalid fields). Remove that entry (service plexkey) to start over; the devices it named stay at plex.tv until removed with \`plexkey devices revoke\`.`,
    )
    unwrap(await vault.setEntry(toolsEntryName(ACCOUNT), `{"tools": [ ${secret}`))
    expect(errorOf(await ensureToolDevice(context(), 'kometa')).message).toMatch(/\(not JSON\)/)
    expect(pinsMade()).toBe(0)
  })

  it('refuses a name that is not letters, digits, - and _ up to 32 characters', async () => {
    for (const name of ['', 'a'.repeat(33), 'kometa tool', 'kömeta', '../x', 'a:b']) {
      expect(errorOf(await ensureToolDevice(context(), name))).toMatchObject({ code: 'invalid-argument' })
    }
    expect(unwrap(await ensureToolDevice(context(), `A-z_0${'9'.repeat(27)}`)).minted).toBe(true)
  })
})

describe('listTools', () => {
  it('the tools oldest first, with when plex.tv last saw each; never a token', async () => {
    expect(unwrap(await listTools(context()))).toEqual([])
    const kometa = unwrap(await ensureToolDevice(context(), 'kometa'))
    const tautulli = unwrap(await ensureToolDevice(context(), 'tautulli'))
    const listed = unwrap(await listTools(context()))
    expect(listed.map((t) => [t.name, t.clientIdentifier])).toEqual([
      ['kometa', kometa.clientIdentifier],
      ['tautulli', tautulli.clientIdentifier],
    ])
    expect(listed[0]?.lastSeenAt).toBe(Math.floor((devicesUnder(kometa.clientIdentifier)[0]?.lastSeenAt ?? 0) / 1000) * 1000)
    for (const token of fake.issuedTokens()) expect(JSON.stringify(listed)).not.toContain(token)
    // plex.tv out of reach: the list still comes, without last seen; nor is it asked when not wanted.
    fake.fault({ path: '/api/v2/devices', status: 429 })
    expect(unwrap(await listTools(context())).map((t) => t.lastSeenAt)).toEqual([null, null])
    fake.clearRequests()
    expect(unwrap(await listTools(context(), { lastSeen: false })).map((t) => [t.name, t.lastSeenAt])).toEqual([
      ['kometa', null],
      ['tautulli', null],
    ])
    expect(fake.requests).toEqual([])
  })
})

describe('revokeTool', () => {
  it('removes the device at plex.tv and the keychain entry; its token is refused, the desktop’s still accepted', async () => {
    const tool = unwrap(await ensureToolDevice(context(), 'kometa'))
    expect(unwrap(await revokeTool(context(), 'kometa'))).toEqual({ tokenRefused: true, deviceWasGone: false })
    expect(devicesUnder(tool.clientIdentifier)).toEqual([])
    expect(await entry()).toBeUndefined()
    expect(unwrap(await desktop.tokenIsDead(owner))).toBe(false)
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toHaveLength(1)
  })

  it('keeps the other tools', async () => {
    await ensureToolDevice(context(), 'kometa')
    const kept = unwrap(await ensureToolDevice(context(), 'tautulli'))
    unwrap(await revokeTool(context(), 'kometa'))
    expect(((await entry()) as { tools: { clientIdentifier: string }[] }).tools.map((t) => t.clientIdentifier)).toEqual([kept.clientIdentifier])
  })

  it('a device already removed elsewhere: said so, and the keychain entry goes all the same', async () => {
    const tool = unwrap(await ensureToolDevice(context(), 'kometa'))
    unwrap(await desktop.removeDevice(owner, devicesUnder(tool.clientIdentifier)[0]?.id ?? 0))
    expect(unwrap(await revokeTool(context(), 'kometa'))).toEqual({ tokenRefused: true, deviceWasGone: true })
    expect(await entry()).toBeUndefined()
  })

  it('an unknown tool is invalid-state; a 429 keeps the device and its entry', async () => {
    expect(errorOf(await revokeTool(context(), 'kometa'))).toMatchObject({ code: 'invalid-state', message: 'Plexkey keeps no device for a tool named kometa.' })
    const tool = unwrap(await ensureToolDevice(context(), 'kometa'))
    fake.fault({ path: /^\/devices\//, method: 'DELETE', status: 429 })
    expect(errorOf(await revokeTool(context(), 'kometa'))).toMatchObject({ code: 'rate-limited' })
    expect(devicesUnder(tool.clientIdentifier)).toHaveLength(1)
    expect(unwrap(await createToolStore(vault, ACCOUNT).list()).map((t) => t.token)).toEqual([tool.token])
  })
})
