import { randomUUID } from 'node:crypto'
import stringWidth from 'string-width'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { DEFAULT_HOME } from '../fake-plex/home-state'
import type { FakeDevice } from '../fake-plex/server'
import { signInThroughCli } from '../support/cli-sign-in'
import { type CliWorld, type RunResult, startCliWorld } from '../support/cli-world'

// `plexkey exec --as <tool>`, `plexkey tools` and `tools revoke`: the built CLI against the fake
// plex.tv (whose device list carries every device's token), its Media Servers and the real keychain.

const SAM = { username: 'sam', uuid: 's4m000000001' }
const NODE = process.execPath
const VARIABLES = [
  'PLEX_TOKEN',
  'PLEX_URL',
  'PLEXAPI_AUTH_SERVER_BASEURL',
  'PLEXAPI_AUTH_SERVER_TOKEN',
  'KOMETA_PLEX_URL',
  'KOMETA_PLEX_TOKEN',
  'TAUTULLI_PMS_URL',
  'TAUTULLI_PMS_TOKEN',
]
/** Prints the Plex variables it was given as one JSON line. */
const REPORT = `const seen = {}; for (const k of ${JSON.stringify(VARIABLES)}) if (k in process.env) seen[k] = process.env[k]; console.log(JSON.stringify(seen))`
/** Asks the server at PLEX_URL for its root with PLEX_TOKEN, as a tool would, and prints the status. */
const CALL_SERVER = `fetch(process.env.PLEX_URL + '/', { headers: { 'X-Plex-Token': process.env.PLEX_TOKEN } }).then((r) => console.log(JSON.stringify({ status: r.status })))`

let world: CliWorld
let desktopToken: string
/** What the listing commands printed: no token the fake ever issued may be in any of it. */
const listings: RunResult[] = []

const run = (args: readonly string[], extra?: Readonly<Record<string, string | undefined>>): Promise<RunResult> => world.run(args, extra)
const listing = async (args: readonly string[]): Promise<RunResult> => {
  const result = await run(args, { PLEXKEY_LOG_LEVEL: 'debug' })
  listings.push(result)
  return result
}
const execAs = (tool: string, ...rest: string[]): Promise<RunResult> => run(['exec', '--as', tool, ...rest])
const reported = (result: RunResult): Record<string, string> => JSON.parse(result.stdout) as Record<string, string>

const toolDevices = (name: string): FakeDevice[] => world.fake.devices().filter((d) => d.info.name === `${name} (Plexkey)`)
const pinsMade = (): number => world.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins').length
const deletes = (): number => world.fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/devices/')).length
const userStatus = async (token: string): Promise<number> => (await rawHttp(world.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).status
const toolsEntry = async (): Promise<{ tools: { name: string; token: string; clientIdentifier: string; profile: string | null }[] } | undefined> => {
  const text = (await world.keychainItems())[`tools:${SAM.uuid}`]
  return text === undefined ? undefined : JSON.parse(text)
}

/** The one device tool `name` has at the fake, and its token. */
function onlyDevice(name: string): { device: FakeDevice; token: string } {
  const devices = toolDevices(name)
  expect(devices).toHaveLength(1)
  const [device] = devices
  if (!device) throw new Error('no device')
  expect(device.tokens).toHaveLength(1)
  return { device, token: device.tokens[0] ?? '' }
}

beforeAll(async () => {
  world = await startCliWorld()
  desktopToken = await signInThroughCli(world, SAM)
})
beforeEach(() => {
  world.fake.clearFaults()
  world.fake.withholdPinTokens(false)
  world.fake.clearRequests()
  world.fake.clearMediaRequests()
})
afterAll(async () => {
  await world?.stop()
})

describe('plexkey exec --as <tool>', () => {
  it('first use mints one device of the tool’s own, and hands its token, the preset’s variables too', async () => {
    const before = world.fake.devices().length
    const first = await execAs('kometa', '--', NODE, '-e', REPORT)
    expect(first.code).toBe(0)
    expect(world.fake.devices()).toHaveLength(before + 1)
    const { device, token } = onlyDevice('kometa')
    expect(device.info).toMatchObject({ name: 'kometa (Plexkey)', product: 'Plexkey' })
    expect(device.accountUuid).toBe(SAM.uuid)
    expect(token).not.toBe(desktopToken)
    expect(reported(first)).toEqual({ PLEX_TOKEN: token, KOMETA_PLEX_TOKEN: token })
    expect(first.stderr).toBe('Made "kometa (Plexkey)", a device of kometa\'s own on your Plex account.\n`plexkey tools revoke kometa` removes it.\n')
    expect(await toolsEntry()).toEqual({
      tools: [{ name: 'kometa', profile: null, clientIdentifier: device.clientIdentifier, token, createdAt: expect.any(String) }],
    })
  })

  it('a second use mints nothing: the same device, the same token, nothing said', async () => {
    await execAs('kometa', '--', NODE, '-e', 'undefined')
    world.fake.clearRequests()
    const { token } = onlyDevice('kometa')
    const second = await execAs('kometa', '--', NODE, '-e', REPORT)
    expect(second).toMatchObject({ code: 0, stderr: '' })
    expect(reported(second)['PLEX_TOKEN']).toBe(token)
    expect(pinsMade()).toBe(0)
    expect(onlyDevice('kometa').token).toBe(token)
  })

  it('tautulli gets its own variables; a tool with no preset, PLEX_TOKEN alone; the desktop’s token is in none', async () => {
    const tautulli = reported(await execAs('tautulli', '--', NODE, '-e', REPORT))
    const token = onlyDevice('tautulli').token
    expect(tautulli).toEqual({ PLEX_TOKEN: token, TAUTULLI_PMS_TOKEN: token })
    const script = reported(await execAs('my_script-2', '--', NODE, '-e', REPORT))
    expect(script).toEqual({ PLEX_TOKEN: onlyDevice('my_script-2').token })
    expect(Object.values({ ...tautulli, ...script })).not.toContain(desktopToken)
  })

  it('--server, an owned server: its address and the tool’s own token, which the server accepts', async () => {
    const basement = world.fake.mediaServer('Basement')
    const vars = reported(await execAs('kometa', '--server', 'Basement', '--', NODE, '-e', REPORT))
    const { token, device } = onlyDevice('kometa')
    const url = basement.connections[0]?.uri
    expect(vars).toEqual({
      PLEX_TOKEN: token,
      PLEX_URL: url,
      PLEXAPI_AUTH_SERVER_BASEURL: url,
      PLEXAPI_AUTH_SERVER_TOKEN: token,
      KOMETA_PLEX_URL: url,
      KOMETA_PLEX_TOKEN: token,
    })
    // The servers were listed as the tool's device sees them.
    const resources = world.fake.requests.filter((r) => r.path === '/api/v2/resources')
    expect(resources.map((r) => [r.headers['x-plex-token'], r.headers['x-plex-client-identifier']])).toEqual([[token, device.clientIdentifier]])
    world.fake.clearMediaRequests()
    const called = await execAs('kometa', '--server', 'Basement', '--', NODE, '-e', CALL_SERVER)
    expect(reported(called)).toEqual({ status: 200 })
    const sent = world.fake.mediaRequests().filter((r) => r.token !== null)
    expect(sent.map((r) => r.token)).toEqual([token])
  })

  it('--server, a shared server: the access token plex.tv gives the tool’s device for it', async () => {
    const shared = world.fake.mediaServer('cabin')
    // "cabin" is also the owned "Cabin" without regard to case: named by its identifier.
    const ran = await execAs('tautulli', '--server', shared.clientIdentifier, '--', NODE, '-e', REPORT)
    expect(ran).toMatchObject({ code: 0 })
    const vars = reported(ran)
    const url = shared.connections[1]?.uri ?? shared.connections[2]?.uri
    expect(vars['PLEX_TOKEN']).toBe(shared.accessToken)
    expect(vars['PLEXAPI_AUTH_SERVER_TOKEN']).toBe(shared.accessToken)
    expect(vars['TAUTULLI_PMS_TOKEN']).toBe(shared.accessToken)
    expect(vars['TAUTULLI_PMS_URL']).toBe(vars['PLEX_URL'])
    expect([shared.connections[1]?.uri, shared.connections[2]?.uri]).toContain(url)
    const resources = world.fake.requests.filter((r) => r.path === '/api/v2/resources')
    expect(resources.map((r) => r.headers['x-plex-token'])).toEqual([onlyDevice('tautulli').token])
  })

  it('--server, the tool’s token refused as the servers are listed: one sentence, exit 2, the command never runs', async () => {
    await execAs('kometa', '--', NODE, '-e', 'undefined')
    world.fake.fault({ path: '/api/v2/resources', status: 401 })
    const result = await execAs('kometa', '--server', 'Basement', '--', NODE, '-e', 'console.log("ran")')
    expect(result).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: "plex.tv refused kometa's token as it listed the servers. If its device was removed just now, run the command again: a new one is made.\n",
    })
  })

  it('a tool removed with `devices revoke` is minted again on its next use', async () => {
    await execAs('kodi', '--', NODE, '-e', 'undefined')
    const old = onlyDevice('kodi')
    expect((await run(['devices', 'revoke', String(old.device.id), '--yes'])).code).toBe(0)
    const again = await execAs('kodi', '--', NODE, '-e', REPORT)
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('Made "kodi (Plexkey)"')
    const fresh = onlyDevice('kodi')
    expect(fresh.device.clientIdentifier).not.toBe(old.device.clientIdentifier)
    expect(reported(again)['PLEX_TOKEN']).toBe(fresh.token)
    expect(await userStatus(old.token)).toBe(401)
    expect(await userStatus(fresh.token)).toBe(200)
  })

  it.each([['bad name'], [''], ['x'.repeat(33)], ['kömeta'], ['../kometa'], ['kometa\u001b[2J']])('--as %j is no tool name: exit 64, nothing asked or run', async (name) => {
    const result = await run(['exec', `--as=${name}`, '--', NODE, '-e', 'console.log("ran")'])
    expect(result).toMatchObject({ code: 64, stdout: '' })
    expect(result.stderr).toMatch(/^--as takes a tool name of letters, digits, - and _, at most 32 characters, not ".*"\.\n$/)
    expect(result.stderr).not.toContain('\u001b')
    expect(world.fake.requests).toEqual([])
  })

  it('a 429 on linking: one sentence, exit 3, no device, the command never runs', async () => {
    world.fake.fault({ path: '/api/v2/pins/link', status: 429, retryAfter: '30' })
    const result = await execAs('plex-meta-manager', '--', NODE, '-e', 'console.log("ran")')
    expect(result).toEqual({
      code: 3,
      signal: null,
      stdout: '',
      stderr: 'plex.tv is asking Plexkey to slow down, so no device was made for plex-meta-manager; try again in a minute.\n',
    })
    expect(toolDevices('plex-meta-manager')).toEqual([])
    expect(await toolsEntry()).not.toMatchObject({ tools: expect.arrayContaining([expect.objectContaining({ name: 'plex-meta-manager' })]) })
  })

  it('a link plex.tv refuses (the PIN unknown to it): one sentence, exit 1, nothing left behind', async () => {
    world.fake.fault({ path: '/api/v2/pins/link', status: 404, plexCode: 1020 })
    const result = await execAs('sonarr', '--', NODE, '-e', 'console.log("ran")')
    expect(result).toMatchObject({ code: 1, stdout: '' })
    expect(result.stderr).toBe('plex.tv refused to link the code of the new device for sonarr (unknown or expired); try again.\n')
    expect(toolDevices('sonarr')).toEqual([])
  })

  it('a link plex.tv refuses for the account’s token: one sentence, exit 2, nothing made', async () => {
    world.fake.fault({ path: '/api/v2/pins/link', status: 401 })
    const result = await execAs('prowlarr', '--', NODE, '-e', 'console.log("ran")')
    expect(result).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'plex.tv refused to link a device for prowlarr: it no longer accepts the saved sign-in. Sign in again, then retry.\n',
    })
    expect(toolDevices('prowlarr')).toEqual([])
    expect(deletes()).toBe(0)
  })

  it('a PIN linked but never giving its token: the half-made device is removed, and the command never runs', async () => {
    const before = world.fake.devices().length
    world.fake.fault({ method: 'GET', path: /^\/api\/v2\/pins\/\d+$/, status: 404, plexCode: 1020 })
    const result = await execAs('radarr', '--', NODE, '-e', 'console.log("ran")')
    expect(result).toMatchObject({ code: 1, stdout: '' })
    expect(result.stderr).toBe('plex.tv never gave the new device "radarr (Plexkey)" its token, so the half-made device was removed; try again.\n')
    // Linking made the device; it is gone again.
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/pins/link')).toHaveLength(1)
    expect(deletes()).toBe(1)
    expect(toolDevices('radarr')).toEqual([])
    expect(world.fake.devices()).toHaveLength(before)
  })
})

describe('plexkey tools', () => {
  it('--json: an array of name, clientIdentifier and createdAt, oldest first; never a token', async () => {
    await execAs('kometa', '--', NODE, '-e', 'undefined')
    await execAs('tautulli', '--', NODE, '-e', 'undefined')
    world.fake.clearRequests()
    const result = await listing(['tools', '--json'])
    expect(result).toMatchObject({ code: 0 })
    // The keychain alone answers it.
    expect(world.fake.requests).toEqual([])
    const tools = JSON.parse(result.stdout) as Record<string, unknown>[]
    for (const tool of tools) expect(Object.keys(tool).sort()).toEqual(['clientIdentifier', 'createdAt', 'name'])
    const kept = (await toolsEntry())?.tools ?? []
    expect(tools.map((t) => [t['name'], t['clientIdentifier']])).toEqual(kept.map((t) => [t.name, t.clientIdentifier]))
    const created = tools.map((t) => Date.parse(String(t['createdAt'])))
    expect(created).toEqual([...created].sort((a, b) => a - b))
  })

  it('as a table: one tool a line under its headings, fit to 40 columns', async () => {
    await execAs('kometa', '--', NODE, '-e', 'undefined')
    const wide = await listing(['tools'])
    expect(wide.code).toBe(0)
    const lines = wide.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^TOOL +DEVICE +CREATED +LAST SEEN$/)
    expect(lines.find((line) => line.startsWith('kometa '))).toMatch(/^kometa +kometa \(Plexkey\) +\d{4}-\d\d-\d\d +\d{4}-\d\d-\d\d$/)
    const narrow = await run(['tools'], { COLUMNS: '40' })
    expect(narrow.stdout.trimEnd().split('\n').filter((line) => stringWidth(line) > 40)).toEqual([])
    expect(narrow.stdout).toMatch(/^kometa +\d{4}-\d\d-\d\d/m)
  })

  it('devices marks each tool’s device by its client identifier, in JSON and in the table', async () => {
    await execAs('kometa', '--', NODE, '-e', 'undefined')
    const kometa = onlyDevice('kometa').device
    const devices = JSON.parse((await listing(['devices', '--json'])).stdout) as { clientIdentifier: string; tool: string | null; thisDesktop: boolean }[]
    const kept = (await toolsEntry())?.tools ?? []
    for (const device of devices) expect(device.tool).toBe(kept.find((t) => t.clientIdentifier === device.clientIdentifier)?.name ?? null)
    expect(devices.find((d) => d.clientIdentifier === kometa.clientIdentifier)?.tool).toBe('kometa')
    const table = await run(['devices'], { COLUMNS: '200' })
    listings.push(table)
    expect(table.stdout).toMatch(new RegExp(`^${kometa.id} +kometa \\(Plexkey\\) .* tool kometa$`, 'm'))
    expect(table.stdout.split('\n').filter((line) => / this desktop$/.test(line))).toHaveLength(1)
  })
})

describe('plexkey tools revoke', () => {
  it('removes the device and the keychain entry, checks its token is refused; the desktop stays signed in; next use mints again', async () => {
    await execAs('bazarr', '--', NODE, '-e', 'undefined')
    const { device, token } = onlyDevice('bazarr')
    world.fake.clearRequests()
    const result = await listing(['tools', 'revoke', 'bazarr'])
    expect(result).toEqual({ code: 0, signal: null, stdout: 'Removed "bazarr (Plexkey)" from your Plex account.\nplex.tv now refuses its token.\n', stderr: expect.any(String) })
    // The check asked plex.tv about the device's own token, after the removal, and it was refused.
    const deleteAt = world.fake.requests.findIndex((r) => r.method === 'DELETE' && r.path === `/devices/${device.id}.xml`)
    const checkAt = world.fake.requests.findIndex((r) => r.path === '/api/v2/user' && r.headers['x-plex-token'] === token)
    expect(deleteAt).toBeGreaterThanOrEqual(0)
    expect(checkAt).toBeGreaterThan(deleteAt)
    expect(toolDevices('bazarr')).toEqual([])
    expect((await toolsEntry())?.tools.map((t) => t.name)).not.toContain('bazarr')
    expect(await userStatus(token)).toBe(401)
    expect(await userStatus(desktopToken)).toBe(200)
    expect((await run(['status'])).code).toBe(0)

    const again = await execAs('bazarr', '--', NODE, '-e', REPORT)
    expect(again.stderr).toContain('Made "bazarr (Plexkey)"')
    expect(reported(again)['PLEX_TOKEN']).toBe(onlyDevice('bazarr').token)
  })

  it('a device already removed elsewhere: said so, its entry forgotten, exit 0', async () => {
    await execAs('lidarr', '--', NODE, '-e', 'undefined')
    const { device } = onlyDevice('lidarr')
    expect((await run(['devices', 'revoke', String(device.id), '--yes'])).code).toBe(0)
    const result = await run(['tools', 'revoke', 'lidarr'])
    expect(result).toMatchObject({ code: 0, stdout: '"lidarr (Plexkey)" was already gone from your Plex account; its token is forgotten.\nplex.tv now refuses its token.\n' })
    expect((await toolsEntry())?.tools.map((t) => t.name)).not.toContain('lidarr')
  })

  it('plex.tv unreachable for the check: the device is removed, and the unknown said; exit 3', async () => {
    await execAs('overseerr', '--', NODE, '-e', 'undefined')
    world.fake.fault({ path: '/api/v2/user', status: 503 })
    const result = await run(['tools', 'revoke', 'overseerr'])
    expect(result).toMatchObject({ code: 3, stdout: 'Removed "overseerr (Plexkey)" from your Plex account.\n', stderr: 'Whether plex.tv now refuses its token could not be checked: plex.tv did not answer.\n' })
    expect(toolDevices('overseerr')).toEqual([])
  })

  it('a 429 on the removal: one sentence, exit 3, the device and its entry kept', async () => {
    await execAs('jellyseerr', '--', NODE, '-e', 'undefined')
    world.fake.fault({ method: 'DELETE', path: /^\/devices\//, status: 429 })
    const result = await run(['tools', 'revoke', 'jellyseerr'])
    expect(result).toEqual({ code: 3, signal: null, stdout: '', stderr: '"jellyseerr (Plexkey)" was not removed. plex.tv is asking Plexkey to slow down; try again in a minute.\n' })
    expect(toolDevices('jellyseerr')).toHaveLength(1)
    expect((await toolsEntry())?.tools.map((t) => t.name)).toContain('jellyseerr')
  })

  it('an unknown tool: exit 1; a name that is no tool name: exit 64', async () => {
    expect(await run(['tools', 'revoke', 'nothing-here'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'No tool named nothing-here has a device of its own. Run `plexkey tools` for the list.\n',
    })
    const bad = await run(['tools', 'revoke', 'no/such\u001b[2J'])
    expect(bad).toMatchObject({ code: 64, stdout: '' })
    expect(bad.stderr).not.toContain('\u001b')
    expect(deletes()).toBe(0)
  })
})

describe('the lists', () => {
  it('devices, devices --json, tools and tools --json, with debug logging: no token the fake ever issued, nor any its device list carries', async () => {
    for (const args of [['devices'], ['devices', '--json'], ['tools'], ['tools', '--json']]) expect((await listing(args)).code).toBe(0)
    const secrets = new Set([...world.fake.issuedTokens(), ...world.fake.devices().flatMap((d) => d.tokens)])
    // Among them the tools' own, and the debug log did speak.
    for (const tool of (await toolsEntry())?.tools ?? []) expect(secrets.has(tool.token)).toBe(true)
    expect(secrets.size).toBeGreaterThan(10)
    expect(listings.some((result) => /GET \/api\/v2\/devices/.test(result.stderr))).toBe(true)
    for (const result of listings) for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret)
  })
})

describe('exec --as with a Home profile in use', () => {
  it('mints the tool a device of that profile’s own, kept apart from the owner’s', async () => {
    world.fake.setHome(DEFAULT_HOME, SAM.username)
    const switched = await run(['user', 'Sam'])
    expect(switched).toMatchObject({ code: 0, stderr: '' })
    try {
      const asSam = await execAs('overseerr', '--', NODE, '-e', REPORT)
      expect(asSam.code).toBe(0)
      const { device: samDevice, token: samToolToken } = onlyDevice('overseerr')
      // Linked with Sam's own token: plex.tv files the device under Sam, not the account's owner.
      expect(samDevice.accountUuid).not.toBe(SAM.uuid)
      expect(reported(asSam)['PLEX_TOKEN']).toBe(samToolToken)
      const record = (await toolsEntry())?.tools.find((tool) => tool.name === 'overseerr')
      expect(record?.profile).toBe(samDevice.accountUuid)
    } finally {
      expect((await run(['user', '--owner'])).code).toBe(0)
    }
    // Back as the owner, the same tool name is another device: the owner's own.
    const asOwner = await execAs('overseerr', '--', NODE, '-e', REPORT)
    expect(asOwner.code).toBe(0)
    const devices = toolDevices('overseerr')
    expect(devices.map((device) => device.accountUuid).sort()).toEqual([SAM.uuid, devices.find((d) => d.accountUuid !== SAM.uuid)?.accountUuid].sort())
    const ownerDevice = devices.find((device) => device.accountUuid === SAM.uuid)
    expect(reported(asOwner)['PLEX_TOKEN']).toBe(ownerDevice?.tokens[0])
    expect((await toolsEntry())?.tools.filter((tool) => tool.name === 'overseerr').map((tool) => tool.profile === null)).toEqual([false, true])
  })
})
