import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { RemovalOutcome, ToolListing } from '../../preload/api'
import type { ToolDevice } from '../../main/core/tools/tool-devices'
import { createToolStore, type ToolRecord, toolsEntryName } from '../../main/core/tools/tool-store'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { failure, useScannedIpcHarness, value } from '../support/ipc-answers'
import { mintTool } from '../support/mint-tool'
import { unwrap } from '../support/result-parts'
import type { IpcHarness } from '../support/shell-harness'

// The window's Tools section: tools:list and tools:revoke through the handlers the app registers on
// (the stand-in's) ipcMain, over the real sign-in service, the tools minted as `plexkey exec --as`
// mints them and kept in the vault main reads, and the fake plex.tv.

const DAY = 24 * 3600 * 1000
/** The longest name a tool may have. */
const LONGEST = 'a_tool_name_of_32_characters_-_x'

let h: IpcHarness
// No token the fake ever issued (the desktop's, each tool's) crossed IPC either way or reached a log line.
useScannedIpcHarness((started) => {
  h = started
})

const list = async (): Promise<ToolListing[]> => value<ToolListing[]>(await h.invoke('tools:list'))
const revoke = (name: string) => h.invoke('tools:revoke', { name })

const signIn = () => h.signIn()
const tool = (name: string): Promise<ToolDevice> => mintTool(h.fx, h.vault, name, { clock: h.fx.clock, logger: h.fx.logger })
const kept = async (uuid: string): Promise<readonly ToolRecord[]> => unwrap(await createToolStore(h.vault, uuid).list())
const devicesUnder = (clientIdentifier: string) => h.fx.fake.devices().filter((d) => d.clientIdentifier === clientIdentifier)
/** When the fake last saw a device, as plex.tv's list says it: to the second. */
const lastSeen = (clientIdentifier: string): number => Math.floor((devicesUnder(clientIdentifier)[0]?.lastSeenAt ?? Number.NaN) / 1000) * 1000
/** What plex.tv answers a call made with this token (200: accepted, 401: refused). Also marks the device seen. */
const userStatus = async (token: string): Promise<number> => (await rawHttp(h.fx.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).status
const deletes = (): number => h.fx.fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/devices/')).length

describe('tools:list', () => {
  it('the tools the keychain holds, oldest first, each with when plex.tv last saw its device; never a token', async () => {
    const { uuid } = await signIn()
    expect(await list()).toEqual([])
    const kometa = await tool('kometa')
    h.fx.clock.advance(1_000)
    const longest = await tool(LONGEST)
    // 100 days on, only kometa is used again.
    h.fx.clock.advance(100 * DAY)
    expect(await userStatus(kometa.token)).toBe(200)

    const tools = await list()
    const records = await kept(uuid)
    expect(tools).toEqual(
      records.map((record) => ({ name: record.name, clientIdentifier: record.clientIdentifier, createdAt: record.createdAt, lastSeenAt: lastSeen(record.clientIdentifier) })),
    )
    expect(tools.map((t) => t.name)).toEqual(['kometa', LONGEST])
    expect(tools.map((t) => t.clientIdentifier)).toEqual([kometa.clientIdentifier, longest.clientIdentifier])
    const [seenKometa, seenLongest] = tools.map((t) => t.lastSeenAt ?? 0)
    expect(seenKometa).toBeGreaterThan((seenLongest ?? 0) + 99 * DAY)
  })

  it('a tool whose device plex.tv no longer lists, or a list plex.tv refuses: listed all the same, last seen unknown', async () => {
    const { token } = await signIn()
    const kometa = await tool('kometa')
    const tautulli = await tool('tautulli')
    const [removed] = devicesUnder(kometa.clientIdentifier)
    if (!removed) throw new Error('the fake lists no kometa device')
    // Removed at plex.tv by hand: the keychain still holds it.
    expect((await rawHttp(h.fx.fake, `/devices/${removed.id}.xml`, { method: 'DELETE', headers: clientHeaders(randomUUID(), token) })).status).toBe(200)
    expect((await list()).map((t) => [t.name, t.lastSeenAt === null])).toEqual([['kometa', true], ['tautulli', false]])
    expect((await list()).find((t) => t.name === 'tautulli')?.lastSeenAt).toBe(lastSeen(tautulli.clientIdentifier))

    h.fx.fake.fault({ path: '/api/v2/devices', status: 429, retryAfter: '30' })
    expect((await list()).map((t) => [t.name, t.lastSeenAt])).toEqual([['kometa', null], ['tautulli', null]])
  })

  it('signed out: invalid-state for both channels, and nothing is asked of plex.tv', async () => {
    await h.service.restore()
    const before = h.fx.fetchCalls()
    expect(failure(await h.invoke('tools:list'))).toMatchObject({ code: 'invalid-state', message: 'Sign in to Plex to see the tools with a device of their own.' })
    expect(failure(await revoke('kometa')).code).toBe('invalid-state')
    expect(h.fx.fetchCalls()).toBe(before)
  })

  it('a locked keychain: the keychain error, as data', async () => {
    await signIn()
    await tool('kometa')
    h.vault.failLoad = true
    expect(failure(await h.invoke('tools:list')).code).toBe('keychain')
    expect(failure(await revoke('kometa')).code).toBe('keychain')
    h.vault.failLoad = false
    expect((await list()).map((t) => t.name)).toEqual(['kometa'])
  })

  it('a tools entry the keychain holds in no form Plexkey knows: a keychain error that names it, and never echoes it', async () => {
    const { uuid } = await signIn()
    const junk = `{"tools":[{"name":"kometa","token":"${'s3cr3t'.repeat(4)}"}]}`
    unwrap(await h.vault.setEntry(toolsEntryName(uuid), junk))
    const error = failure(await h.invoke('tools:list'))
    expect(error.code).toBe('keychain')
    expect(error.message).toContain(`"${toolsEntryName(uuid)}"`)
    expect(error.message).not.toContain('s3cr3t')
  })
})

describe('tools:revoke', () => {
  it('removes the tool’s device at plex.tv and its keychain record, and says plex.tv refuses its token; the desktop and the other tool stay', async () => {
    const { uuid, token } = await signIn()
    const kometa = await tool('kometa')
    const tautulli = await tool('tautulli')
    h.fx.fake.clearRequests()

    expect(value<RemovalOutcome>(await revoke('kometa'))).toEqual({ tokenRefused: true })
    expect(devicesUnder(kometa.clientIdentifier)).toEqual([])
    expect(deletes()).toBe(1)
    expect(await userStatus(kometa.token)).toBe(401)
    expect((await kept(uuid)).map((t) => t.name)).toEqual(['tautulli'])
    expect(devicesUnder(tautulli.clientIdentifier)).toHaveLength(1)
    expect(await userStatus(tautulli.token)).toBe(200)
    expect(await userStatus(token)).toBe(200)
    expect(h.state().kind).toBe('signed-in')
    expect((await list()).map((t) => t.name)).toEqual(['tautulli'])

    // The last one gone, the keychain entry goes with it.
    expect(value<RemovalOutcome>(await revoke('tautulli'))).toEqual({ tokenRefused: true })
    expect(unwrap(await h.vault.getEntry(toolsEntryName(uuid)))).toBeNull()
    expect(await list()).toEqual([])
  })

  it('an unknown tool: invalid-state, and nothing is removed', async () => {
    await signIn()
    const kometa = await tool('kometa')
    h.fx.fake.clearRequests()
    expect(failure(await revoke('tautulli'))).toMatchObject({ code: 'invalid-state', message: 'Plexkey keeps no device for a tool named tautulli.' })
    expect(deletes()).toBe(0)
    expect(await userStatus(kometa.token)).toBe(200)
  })

  it('429: rate-limited as plain data with the time to try again; the device and the keychain record stay', async () => {
    const { uuid } = await signIn()
    const kometa = await tool('kometa')
    h.fx.fake.fault({ path: '/api/v2/devices', status: 429, retryAfter: '30' })
    const before = h.fx.clock.now()
    const limited = failure(await revoke('kometa'))
    expect(limited).toMatchObject({ code: 'rate-limited', retryable: true, status: 429 })
    // The client's own milliseconds stay in main.
    expect(Object.keys(limited).sort()).toEqual(['code', 'message', 'plexCode', 'retryAt', 'retryable', 'status'])
    expect(limited.retryAt).toBeGreaterThanOrEqual(before + 30_000)
    expect(limited.retryAt).toBeLessThanOrEqual(h.fx.clock.now() + 30_000)
    expect(deletes()).toBe(0)
    expect(devicesUnder(kometa.clientIdentifier)).toHaveLength(1)
    expect((await kept(uuid)).map((t) => t.name)).toEqual(['kometa'])
  })

  it('a device removed at plex.tv meanwhile: the keychain record goes, and its token is said refused', async () => {
    const { uuid, token } = await signIn()
    const kometa = await tool('kometa')
    const [device] = devicesUnder(kometa.clientIdentifier)
    if (!device) throw new Error('the fake lists no kometa device')
    expect((await rawHttp(h.fx.fake, `/devices/${device.id}.xml`, { method: 'DELETE', headers: clientHeaders(randomUUID(), token) })).status).toBe(200)
    expect(value<RemovalOutcome>(await revoke('kometa'))).toEqual({ tokenRefused: true })
    expect(await kept(uuid)).toEqual([])
  })

  it('plex.tv still accepting the revoked token is said, and logged without the token', async () => {
    await signIn()
    const kometa = await tool('kometa')
    const still = await rawHttp(h.fx.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), kometa.token) })
    h.fx.fake.fault({ path: '/api/v2/user', times: 2, status: 200, body: still.text, contentType: 'application/json' })
    expect(value<RemovalOutcome>(await revoke('kometa'))).toEqual({ tokenRefused: false })
    expect(h.logLines.join('\n')).toContain('plex.tv still accepts the token of a revoked tool')
  })
})
