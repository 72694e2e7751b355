import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import stringWidth from 'string-width'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { safeLabel } from '../../main/core/servers/server-text'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { signInThroughCli } from '../support/cli-sign-in'
import { type CliWorld, plexkeyBin, repoRoot, type RunResult, startCliWorld } from '../support/cli-world'

// `plexkey devices` and `devices revoke`: the built CLI against the fake plex.tv's device list
// (which carries every device's token, as plex.tv's does) and the real keychain.

const SAM = { username: 'sam', uuid: 's4m000000001' }
const DAY = 24 * 3600 * 1000
/** A device name as hostile as another program could make it: escapes, bidi, non-ASCII and length. */
const HOSTILE = `\u001b]0;pwned\u0007 Ünïcödé 山田 \u202egnp.exe\u202c ${'z'.repeat(300)}`

let world: CliWorld
/** The fake's clock runs this far from the wall clock: a device signed in meanwhile was last seen then. */
let clockOffsetMs = 0
let desktopToken: string
const outputs: RunResult[] = []

interface Device {
  readonly token: string
  readonly clientId: string
}

/** Signs the account in on another device, named as that device's program says (over the query, which carries any character). */
async function signInElsewhere(name: string, product = 'Plex Web', platform = 'Chrome'): Promise<Device> {
  const clientId = randomUUID()
  const query = new URLSearchParams({ strong: 'false', 'X-Plex-Client-Identifier': clientId, 'X-Plex-Device-Name': name, 'X-Plex-Product': product, 'X-Plex-Platform': platform })
  const created = await rawHttp(world.fake, `/api/v2/pins?${query.toString()}`, { method: 'POST', headers: { Accept: 'application/json' } })
  expect(created.status).toBe(201)
  const token = world.fake.approve((JSON.parse(created.text) as { id: number }).id, SAM)
  return { token, clientId }
}

const idOf = (device: Device): number => {
  const found = world.fake.devices().find((d) => d.clientIdentifier === device.clientId)
  if (!found) throw new Error('the fake lists no such device')
  return found.id
}
const listed = (device: Device): boolean => world.fake.devices().some((d) => d.clientIdentifier === device.clientId)
const userStatus = async (token: string): Promise<number> => (await rawHttp(world.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).status
const deletes = (): number => world.fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/devices/')).length

const run = async (args: readonly string[], extra?: Readonly<Record<string, string | undefined>>): Promise<RunResult> => {
  const result = await world.run(args, extra)
  outputs.push(result)
  return result
}
/** With the core's own log lines on stderr too: no token may reach them either. */
const runLogged = (args: readonly string[]): Promise<RunResult> => run(args, { PLEXKEY_LOG_LEVEL: 'debug' })

interface JsonDevice {
  id: number
  name: string
  product: string
  platform: string
  clientIdentifier: string
  lastSeenAt: string | null
  thisDesktop: boolean
  tool: string | null
}

const devicesJson = async (): Promise<JsonDevice[]> => {
  const result = await run(['devices', '--json'])
  expect(result).toMatchObject({ code: 0, stderr: '' })
  return JSON.parse(result.stdout) as JsonDevice[]
}

let stale: Device
let hostile: Device
let phones: Device[]

beforeAll(async () => {
  world = await startCliWorld({ now: () => Date.now() + clockOffsetMs })
  desktopToken = await signInThroughCli(world, SAM)
  clockOffsetMs = -100 * DAY
  stale = await signInElsewhere('Old laptop', 'Plex Web', 'Firefox')
  clockOffsetMs = 0
  hostile = await signInElsewhere(HOSTILE, 'Plex for Android (TV)', 'Android')
  phones = [await signInElsewhere('iPhone', 'Plex for iOS', 'iOS'), await signInElsewhere('iPhone', 'Plexamp', 'iOS')]
})
beforeEach(() => {
  world.fake.clearFaults()
  world.fake.clearRequests()
})
afterAll(async () => {
  // The list carries every device's token: none that the fake ever issued reached any output or log line.
  const issued = world.fake.issuedTokens()
  expect(issued.length).toBeGreaterThan(8)
  for (const output of outputs) for (const token of issued) expect(output.stdout + output.stderr).not.toContain(token)
  await world?.stop()
})

describe('plexkey devices', () => {
  it('--json: one array of where the account is signed in, last seen first, this desktop marked; no token', async () => {
    const devices = await devicesJson()
    for (const device of devices) expect(Object.keys(device).sort()).toEqual(['clientIdentifier', 'id', 'lastSeenAt', 'name', 'platform', 'product', 'thisDesktop', 'tool'])
    const clientId = (JSON.parse(await readFile(join(world.configDir, 'client.json'), 'utf8')) as { clientId: string }).clientId
    expect(devices.filter((d) => d.thisDesktop).map((d) => d.clientIdentifier)).toEqual([clientId])
    // No tool has a device of its own yet.
    expect(devices.every((d) => d.tool === null)).toBe(true)
    const seen = devices.map((d) => Date.parse(d.lastSeenAt ?? ''))
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    // The desktop was seen just now (this very listing); the old laptop 100 days ago, last of all.
    expect(devices[0]?.thisDesktop).toBe(true)
    expect(devices.at(-1)).toMatchObject({ id: idOf(stale), name: 'Old laptop', product: 'Plex Web', platform: 'Firefox' })
    expect(Date.now() - (seen.at(-1) ?? 0)).toBeGreaterThan(99 * DAY)
    // The hostile name reaches a JSON reader exactly as plex.tv sent it, and the terminal inert.
    expect(devices.find((d) => d.id === idOf(hostile))?.name).toBe(HOSTILE)
    expect(devices.filter((d) => d.name === 'iPhone').map((d) => d.id).sort()).toEqual(phones.map(idOf).sort())
  })

  it('as a table fit to 80 columns: ids first, this desktop marked, stale flagged and explained, names escaped and cut', async () => {
    const result = await run(['devices'], { COLUMNS: undefined })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([])
    expect(lines[0]).toMatch(/^ID +DEVICE +PRODUCT +PLATFORM +LAST SEEN$/)
    const json = await devicesJson()
    const rows = lines.slice(1, 1 + json.length)
    expect(rows.map((row) => Number(row.split(' ')[0]))).toEqual(json.map((d) => d.id))
    expect(rows[0]).toMatch(/ this desktop$/)
    expect(rows.filter((row) => / this desktop$/.test(row))).toHaveLength(1)
    expect(rows.at(-1)).toMatch(new RegExp(`^${idOf(stale)} +Old laptop +Plex Web +Firefox +\\d{4}-\\d\\d-\\d\\d +stale$`))
    expect(rows.filter((row) => / stale$/.test(row))).toHaveLength(1)
    expect(lines.slice(1 + json.length)).toEqual(['', 'stale: not seen for 90 days or more. To remove one: plexkey devices revoke <id>'])
    const shown = rows.find((row) => row.startsWith(`${idOf(hostile)} `)) ?? ''
    // Escapes shown as the text they carry, cut with … (山 takes two columns: here it does not fit).
    expect(shown).toMatch(/^\d+ {2}\]0;pwned Ünïcödé … +Plex for An… {2}Android {3}\d{4}-\d\d-\d\d$/)
    expect(shown.startsWith(`${idOf(hostile)}  ${safeLabel(HOSTILE).slice(0, 17)}`)).toBe(true)
  })

  it.each([60, 40])('at %i columns every line still fits, the ids and marks whole', async (columns) => {
    const result = await run(['devices'], { COLUMNS: String(columns) })
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.filter((line) => stringWidth(line) > columns)).toEqual([])
    expect(lines.find((line) => line.startsWith(`${idOf(stale)} `))).toMatch(/ stale$/)
    expect(lines.filter((line) => / this desktop$/.test(line))).toHaveLength(1)
  })
})

describe('plexkey devices revoke', () => {
  it('by id, with --yes: removed at plex.tv, and its token checked and refused', async () => {
    const kitchen = await signInElsewhere('Kitchen speaker', 'Plexamp', 'Linux')
    expect(await userStatus(kitchen.token)).toBe(200)
    world.fake.clearRequests()
    const id = idOf(kitchen)
    const result = await runLogged(['devices', 'revoke', String(id), '--yes'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`Removed "Kitchen speaker" (${id}) from your Plex account.\nplex.tv now refuses its token.\n`)
    // The check asked plex.tv about the removed device's own token, once.
    const checks = world.fake.requests.filter((r) => r.path === '/api/v2/user')
    expect(checks.map((r) => r.headers['x-plex-token'])).toEqual([kitchen.token])
    expect(listed(kitchen)).toBe(false)
    expect(await userStatus(kitchen.token)).toBe(401)
    // The desktop is still signed in.
    expect(await userStatus(desktopToken)).toBe(200)
  })

  it('by exact name, with --yes', async () => {
    const garage = await signInElsewhere('Garage tablet ü', 'Plex for Android', 'Android')
    const result = await runLogged(['devices', 'revoke', 'Garage tablet ü', '--yes'])
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Removed "Garage tablet ü" \(\d+\) from your Plex account\.\nplex\.tv now refuses its token\.\n$/) })
    expect(listed(garage)).toBe(false)
    expect(await userStatus(garage.token)).toBe(401)
  })

  it('refuses this desktop itself and points to plexkey logout', async () => {
    const desktop = (await devicesJson()).find((d) => d.thisDesktop)
    const result = await run(['devices', 'revoke', String(desktop?.id), '--yes'])
    expect(result).toMatchObject({ code: 1, stdout: '' })
    expect(result.stderr).toMatch(/ is this desktop's own sign-in\. To sign this desktop out, run `plexkey logout`\.\n$/)
    expect(deletes()).toBe(0)
    expect(await userStatus(desktopToken)).toBe(200)
  })

  it('a name more than one device has: exit 64 naming each by id; nothing removed', async () => {
    const result = await run(['devices', 'revoke', 'iPhone', '--yes'])
    expect(result).toMatchObject({ code: 64, stdout: '' })
    const [ios, plexamp] = phones.map(idOf)
    expect(result.stderr).toMatch(/^More than one device is named "iPhone": \d+ \(Plex(amp| for iOS)\), \d+ \(Plex(amp| for iOS)\)\. Give the id of the one you mean\.\n$/)
    expect(result.stderr).toContain(`${ios} (Plex for iOS)`)
    expect(result.stderr).toContain(`${plexamp} (Plexamp)`)
    expect(deletes()).toBe(0)
    expect(phones.every(listed)).toBe(true)
  })

  it('an unknown device: exit 1, its name quoted escaped and cut', async () => {
    const result = await run(['devices', 'revoke', `Toaster\u001b[2J${'x'.repeat(300)}`, '--yes'])
    expect(result).toMatchObject({ code: 1, stdout: '' })
    expect(result.stderr).toMatch(/^No device has the id or name "Toaster \[2Jx+…"\. Run `plexkey devices` for the list\.\n$/)
    expect(result.stderr).not.toContain('\u001b')
    expect(deletes()).toBe(0)
  })

  it('with no terminal and no --yes: refuses in one line, and removes nothing', async () => {
    const result = await run(['devices', 'revoke', String(idOf(stale))])
    expect(result).toEqual({ code: 64, signal: null, stdout: '', stderr: 'Not removed: there is no terminal to confirm on. Pass --yes to remove it without asking.\n' })
    expect(deletes()).toBe(0)
    expect(listed(stale)).toBe(true)
  })

  it.each([
    ['n', false],
    ['y', true],
  ])('on a terminal, asks first; answered %j, removes %s', async (answer, removes) => {
    const device = await signInElsewhere(`Spare ${answer}`, 'Plex Web', 'Safari')
    const id = idOf(device)
    // script(1) gives the command a pseudo-terminal, and passes what we type on to it.
    const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${process.execPath} ${plexkeyBin} devices revoke ${id}`, '/dev/null'], {
      cwd: repoRoot,
      env: world.env(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let screen = ''
    const asked = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString()
        if (screen.includes('[y/N] ')) resolve()
      }),
    )
    const closed = new Promise((resolve) => child.once('close', resolve))
    await asked
    expect(screen).toContain(`Remove "Spare ${answer}" (${id}) from your Plex account? [y/N] `)
    child.stdin.write(`${answer}\r`)
    const code = await closed
    outputs.push({ code: code as number, signal: null, stdout: screen, stderr: '' })
    expect(code).toBe(removes ? 0 : 1)
    expect(listed(device)).toBe(!removes)
    expect(await userStatus(device.token)).toBe(removes ? 401 : 200)
    expect(screen).toContain(removes ? 'plex.tv now refuses its token.' : 'Not removed.')
  })

  it('a device removed meanwhile (plex.tv answers 404): one sentence, exit 1', async () => {
    const lamp = await signInElsewhere('Lamp', 'Plex Web', 'Edge')
    let release = (): void => undefined
    world.fake.fault({ method: 'DELETE', path: /^\/devices\//, times: 1, holdUntil: new Promise<void>((resolve) => (release = resolve)) })
    const revoking = world.start(['devices', 'revoke', 'Lamp', '--yes'])
    await vi.waitFor(() => expect(deletes()).toBe(1), { timeout: 10_000, interval: 20 })
    // Someone removes it at plex.tv while the command's own request is on its way.
    expect((await rawHttp(world.fake, `/devices/${idOf(lamp)}.xml`, { method: 'DELETE', headers: clientHeaders(randomUUID(), desktopToken) })).status).toBe(200)
    release()
    const result = await revoking.done
    outputs.push(result)
    expect(result).toEqual({ code: 1, signal: null, stdout: '', stderr: '"Lamp" is no longer signed in: plex.tv had already removed it.\n' })
  })

  it('429 from plex.tv, on the list or on the removal: one sentence, exit 3, nothing removed', async () => {
    world.fake.fault({ path: '/api/v2/devices', status: 429, retryAfter: '1' })
    const list = await run(['devices'])
    expect(list).toEqual({ code: 3, signal: null, stdout: '', stderr: 'The list of devices could not be read from plex.tv. plex.tv is asking Plexkey to slow down; try again in a minute.\n' })
    world.fake.clearFaults()
    world.fake.fault({ method: 'DELETE', path: /^\/devices\//, status: 429, retryAfter: '1' })
    const removal = await run(['devices', 'revoke', 'Old laptop', '--yes'])
    expect(removal).toEqual({ code: 3, signal: null, stdout: '', stderr: '"Old laptop" was not removed. plex.tv is asking Plexkey to slow down; try again in a minute.\n' })
    expect(listed(stale)).toBe(true)
  })

  it('a removed device whose token plex.tv still accepts: said, exit 1', async () => {
    const spare = await signInElsewhere('Stubborn', 'Plex Web', 'Opera')
    const stillAccepted = await rawHttp(world.fake, '/api/v2/user', { headers: clientHeaders(spare.clientId, spare.token) })
    world.fake.fault({ path: '/api/v2/user', status: 200, body: stillAccepted.text, times: 1 })
    const result = await runLogged(['devices', 'revoke', 'Stubborn', '--yes'])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^Removed "Stubborn" \(\d+\) from your Plex account\.\n$/)
    expect(result.stderr).toMatch(/plex\.tv still accepts the token of "Stubborn"\. Remove it under Authorized Devices \(https:\/\/plex\.tv\/devices\) and check again\.\n$/)
  })
})

describe('when plex.tv no longer accepts the saved sign-in', () => {
  it('devices and revoke each say so in one sentence, exit 2', async () => {
    world.fake.revoke(desktopToken)
    const sentence = 'plex.tv no longer accepts the saved sign-in. Run `plexkey login` to sign in again.'
    expect(await run(['devices', '--json'])).toEqual({ code: 2, signal: null, stdout: '', stderr: `The list of devices could not be read from plex.tv. ${sentence}\n` })
    expect(await run(['devices', 'revoke', 'Old laptop', '--yes'])).toMatchObject({ code: 2, stdout: '' })
    expect(listed(stale)).toBe(true)
  })
})
