import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FakeDevice, FakeServerSpec } from '../fake-plex/server'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { signInThroughCli, signInWithJwtThroughCli } from '../support/cli-sign-in'
import { type CliWorld, type RunResult, startCliWorld } from '../support/cli-world'

// `plexkey token --server` and `exec --server` where plex.tv lists a server's token as the sign-in's
// own Plex JWT: the built CLI against the fake plex.tv, its Media Servers and the real keychain.

const HOSTILE = `\u001b]0;pwned\u0007Ünïcödé 山田の\u202e ned \u001b[2J${'x'.repeat(200)}`
const SERVERS: readonly FakeServerSpec[] = [
  // Handed the sign-in's JWT by /resources, and refuses it.
  { name: 'Den', owned: true, presence: true, refusesJwt: true, connections: [{ kind: 'refused', local: true }, { kind: 'live', local: true }] },
  // Handed the JWT too, and takes it.
  { name: 'Loft', owned: true, presence: true, acceptsJwt: true, connections: [{ kind: 'live', local: true }] },
  // Shared with the account, handed the JWT, and refuses it.
  { name: 'Porch', owned: false, presence: true, refusesJwt: true, connections: [{ kind: 'live', local: true }, { kind: 'live', local: false }] },
  // Handed the JWT; no address of it answers.
  { name: 'Shed', owned: true, presence: true, refusesJwt: true, connections: [{ kind: 'refused', local: true }] },
  // An impostor at its local address, the server itself at its remote one.
  { name: 'Barn', owned: true, presence: true, refusesJwt: true, connections: [{ kind: 'impostor', local: true }, { kind: 'live', local: false }] },
  { name: HOSTILE, owned: true, presence: true, refusesJwt: true, connections: [{ kind: 'live', local: true }] },
]
const JO = { username: 'jo', uuid: 'j0000000001' }
const NODE = process.execPath
const VARIABLES = ['PLEX_TOKEN', 'PLEX_URL', 'PLEXAPI_AUTH_SERVER_BASEURL', 'PLEXAPI_AUTH_SERVER_TOKEN']
/** Prints the Plex variables it was given as one JSON line. */
const REPORT = `const seen = {}; for (const k of ${JSON.stringify(VARIABLES)}) if (k in process.env) seen[k] = process.env[k]; console.log(JSON.stringify(seen))`
/** Asks the server at PLEX_URL for its root with PLEX_TOKEN, as a tool would, and prints the status. */
const CALL_SERVER = `fetch(process.env.PLEX_URL + '/', { headers: { 'X-Plex-Token': process.env.PLEX_TOKEN } }).then((r) => console.log(JSON.stringify({ status: r.status })))`

const refusedLine = (name: string, minted: boolean): string =>
  minted
    ? `"${name}" refuses the Plex JWT of this sign-in; Plexkey made "plexkey (Plexkey)", a device of its own for the plexkey command, and hands out its token instead (\`plexkey tools revoke plexkey\` removes it).\n`
    : `"${name}" refuses the Plex JWT of this sign-in; Plexkey hands out the token of "plexkey (Plexkey)", its own device for the plexkey command, instead (\`plexkey tools revoke plexkey\` removes it).\n`

let world: CliWorld
/** Every run: no token may be on its stderr. */
const outputs: RunResult[] = []

const run = async (args: readonly string[], extra?: Readonly<Record<string, string | undefined>>): Promise<RunResult> => {
  const result = await world.run(args, extra)
  outputs.push(result)
  return result
}
/** The requests a Media Server was sent with a token: address, path and token. */
const authenticated = (): string[][] => world.fake.mediaRequests().flatMap((r) => (r.token === null ? [] : [[r.uri, r.path, r.token]]))
const pinsMade = (): number => world.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins').length
const commandDevices = (): FakeDevice[] => world.fake.devices().filter((d) => d.info.name === 'plexkey (Plexkey)')
/** The one device of the plexkey command at the fake, and its token. */
function commandDevice(): { device: FakeDevice; token: string } {
  const devices = commandDevices()
  expect(devices).toHaveLength(1)
  const [device] = devices
  if (!device) throw new Error('no device')
  expect(device.tokens).toHaveLength(1)
  return { device, token: device.tokens[0] ?? '' }
}
const uriOf = (name: string, index: number): string => world.fake.mediaServer(name).connections[index]?.uri ?? ''
const statusAt = async (uri: string, token: string): Promise<number> => (await fetch(`${uri}/`, { headers: { 'X-Plex-Token': token } })).status

beforeAll(async () => {
  world = await startCliWorld({ servers: SERVERS })
})
beforeEach(() => {
  world.fake.clearFaults()
  world.fake.clearRequests()
  world.fake.clearMediaRequests()
})
afterAll(async () => {
  // The JWTs, the devices' tokens, the servers' own: none on stderr (stdout is where one is handed out).
  const secrets = new Set([...(world?.fake.issuedTokens() ?? []), ...(world?.fake.devices().flatMap((d) => d.tokens) ?? [])])
  expect(secrets.size).toBeGreaterThan(3)
  for (const output of outputs) for (const secret of secrets) expect(output.stderr).not.toContain(secret)
  await world?.stop()
})

describe('under a Plex JWT sign-in', () => {
  let jwt: string
  beforeAll(async () => {
    await world.reset()
    jwt = await signInWithJwtThroughCli(world, JO)
  })

  it('token --server, a server that refuses the JWT: the plexkey command’s own device’s token, which it takes; one check at the proven address only', async () => {
    const den = uriOf('Den', 1)
    expect(commandDevices()).toEqual([])
    const first = await run(['token', '--server', 'Den'])
    const { token } = commandDevice()
    expect(first).toEqual({ code: 0, signal: null, stdout: `${token}\n`, stderr: refusedLine('Den', true) })
    expect(token).not.toBe(jwt)
    // The one authenticated request a server was sent: the check of the JWT, at the address /identity proved.
    expect(authenticated()).toEqual([[den, '/', jwt]])
    expect(await statusAt(den, token)).toBe(200)
    expect(await statusAt(den, jwt)).toBe(401)
    // It is a device like a tool's: in the keychain's tools entry, under the name plexkey.
    const kept = JSON.parse((await world.keychainItems())[`tools:${JO.uuid}`] ?? '{}') as { tools: { name: string; token: string }[] }
    expect(kept.tools.map((t) => [t.name, t.token])).toEqual([['plexkey', token]])

    // Again: the same device, nothing made, the same one check.
    world.fake.clearRequests()
    world.fake.clearMediaRequests()
    const second = await run(['token', '--server', 'Den'])
    expect(second).toEqual({ code: 0, signal: null, stdout: `${token}\n`, stderr: refusedLine('Den', false) })
    expect(pinsMade()).toBe(0)
    expect(commandDevice().token).toBe(token)
    expect(authenticated()).toEqual([[den, '/', jwt]])
  })

  it('exec --server: every variable holds the device’s token, and the command is let in with it', async () => {
    const den = uriOf('Den', 1)
    const ran = await run(['exec', '--server', 'Den', '--', NODE, '-e', REPORT])
    expect(ran.code).toBe(0)
    const { token } = commandDevice()
    expect(JSON.parse(ran.stdout)).toEqual({ PLEX_TOKEN: token, PLEX_URL: den, PLEXAPI_AUTH_SERVER_BASEURL: den, PLEXAPI_AUTH_SERVER_TOKEN: token })
    expect(ran.stderr).toBe(refusedLine('Den', false))
    expect(authenticated()).toEqual([[den, '/', jwt]])

    world.fake.clearMediaRequests()
    const called = await run(['exec', '--server', 'Den', '--', NODE, '-e', CALL_SERVER])
    expect(JSON.parse(called.stdout)).toEqual({ status: 200 })
    expect(authenticated()).toEqual([
      [den, '/', jwt],
      [den, '/', token],
    ])
  })

  it('a server that takes the JWT: the JWT, after one check there, and no device made', async () => {
    const loft = uriOf('Loft', 0)
    const devices = world.fake.devices().length
    const printed = await run(['token', '--server', 'Loft'])
    expect(printed).toEqual({ code: 0, signal: null, stdout: `${jwt}\n`, stderr: '' })
    expect(authenticated()).toEqual([[loft, '/', jwt]])
    const ran = await run(['exec', '--server', 'Loft', '--', NODE, '-e', REPORT])
    expect(ran).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(ran.stdout)).toMatchObject({ PLEX_TOKEN: jwt, PLEXAPI_AUTH_SERVER_TOKEN: jwt })
    expect(authenticated()).toEqual([
      [loft, '/', jwt],
      [loft, '/', jwt],
    ])
    expect(pinsMade()).toBe(0)
    expect(world.fake.devices()).toHaveLength(devices)
  })

  it('a shared server that refuses the JWT: the access token plex.tv gives the device for it', async () => {
    const porch = world.fake.mediaServer('Porch')
    const remote = uriOf('Porch', 1)
    const printed = await run(['token', '--server', 'Porch'])
    const { token, device } = commandDevice()
    expect(printed).toEqual({ code: 0, signal: null, stdout: `${porch.accessToken}\n`, stderr: refusedLine('Porch', false) })
    // Its local address is never tried, so the check went to the remote one.
    expect(authenticated()).toEqual([[remote, '/', jwt]])
    const resources = world.fake.requests.filter((r) => r.path === '/api/v2/resources')
    expect(resources.map((r) => r.headers['x-plex-token'])).toEqual([jwt, token])
    expect(resources[1]?.headers['x-plex-client-identifier']).toBe(device.clientIdentifier)
    expect(await statusAt(remote, porch.accessToken)).toBe(200)
  })

  it('an impostor at one address: the check goes to the proven one, never to the impostor', async () => {
    const impostor = uriOf('Barn', 0)
    const barn = uriOf('Barn', 1)
    const printed = await run(['token', '--server', 'Barn'])
    expect(printed).toMatchObject({ code: 0, stdout: `${commandDevice().token}\n` })
    expect(world.fake.mediaRequests().some((r) => r.uri === impostor && r.path === '/identity')).toBe(true)
    expect(authenticated()).toEqual([[barn, '/', jwt]])
  })

  it('no address of the server answers: token hands out the JWT with a note, and sends it nowhere; exec exits 3 as for any server out of reach', async () => {
    const printed = await run(['token', '--server', 'Shed'])
    expect(printed).toEqual({
      code: 0,
      signal: null,
      stdout: `${jwt}\n`,
      stderr: 'Whether "Shed" accepts the Plex JWT plex.tv lists for it could not be checked (none of its addresses answered as that server over https or on this computer); it is handed out as it is.\n',
    })
    expect(authenticated()).toEqual([])
    const ran = await run(['exec', '--server', 'Shed', '--', NODE, '-e', 'console.log("ran")'])
    expect(ran).toMatchObject({ code: 3, stdout: '' })
    expect(authenticated()).toEqual([])
  })

  it('a hostile server name is said as plain, short text', async () => {
    const hostile = world.fake.mediaServer(HOSTILE)
    const printed = await run(['token', '--server', hostile.clientIdentifier])
    expect(printed).toMatchObject({ code: 0, stdout: `${commandDevice().token}\n` })
    expect(printed.stderr).toMatch(/^"\]0;pwned Ünïcödé 山田の ned \[2Jx+…" refuses the Plex JWT of this sign-in; Plexkey hands out the token of "plexkey \(Plexkey\)"/)
    expect(printed.stderr).not.toMatch(/[\u0007\u001b\u202e]/)
    expect(printed.stderr.split('\n')).toHaveLength(2)
  })

  it('the debug log says what the server made of the JWT, and no token', async () => {
    const logged = await run(['token', '--server', 'Den'], { PLEXKEY_LOG_LEVEL: 'debug' })
    expect(logged.code).toBe(0)
    const den = world.fake.mediaServer('Den').clientIdentifier
    const lines = logged.stderr.split('\n')
    expect(lines.some((line) => line.includes('accepts the Plex JWT') && line.includes(den) && line.includes('refused'))).toBe(true)
    expect(lines.some((line) => line.includes('the plexkey command’s own device is used') && line.includes(den))).toBe(true)
    expect(logged.stderr).not.toContain(jwt)
    expect(logged.stderr).not.toContain(commandDevice().token)
  })

  it('plexkey tools lists the device as plexkey; tools revoke plexkey removes it, and the next refusal makes another', async () => {
    await run(['token', '--server', 'Den'])
    const { token, device } = commandDevice()
    const listed = await run(['tools', '--json'])
    expect(JSON.parse(listed.stdout)).toEqual([{ name: 'plexkey', clientIdentifier: device.clientIdentifier, createdAt: expect.any(String) }])
    const revoked = await run(['tools', 'revoke', 'plexkey'])
    expect(revoked).toMatchObject({ code: 0, stdout: 'Removed "plexkey (Plexkey)" from your Plex account.\nplex.tv now refuses its token.\n' })
    expect(commandDevices()).toEqual([])
    expect((await rawHttp(world.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).status).toBe(401)
    // The sign-in itself is untouched.
    expect((await rawHttp(world.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), jwt) })).status).toBe(200)

    const again = await run(['token', '--server', 'Den'])
    const fresh = commandDevice()
    expect(again).toEqual({ code: 0, signal: null, stdout: `${fresh.token}\n`, stderr: refusedLine('Den', true) })
    expect(fresh.device.clientIdentifier).not.toBe(device.clientIdentifier)
  })

  it('no device can be made (plex.tv slows Plexkey down): nothing on stdout, exit 3, the command never runs', async () => {
    await run(['tools', 'revoke', 'plexkey'])
    world.fake.fault({ path: '/api/v2/pins/link', status: 429, retryAfter: '30' })
    const expected = {
      code: 3,
      signal: null,
      stdout: '',
      stderr:
        'plex.tv is asking Plexkey to slow down, so no device was made for plexkey; try again in a minute.\n' +
        '"Den" refuses the Plex JWT of this sign-in, and no device of Plexkey\'s own could be used instead.\n',
    }
    expect(await run(['token', '--server', 'Den'])).toEqual(expected)
    expect(await run(['exec', '--server', 'Den', '--', NODE, '-e', 'console.log("ran")'])).toEqual(expected)
    expect(commandDevices()).toEqual([])
  })
})

describe('under a sign-in that is no Plex JWT', () => {
  beforeAll(async () => {
    await world.reset()
    await signInThroughCli(world, { username: 'lee', uuid: 'l33000000001' })
  })

  it('token --server asks no server anything; exec --server sends the token to none but the command does', async () => {
    const den = world.fake.mediaServer('Den')
    const devices = world.fake.devices().length
    const printed = await run(['token', '--server', 'Den'])
    expect(printed).toEqual({ code: 0, signal: null, stdout: `${den.accessToken}\n`, stderr: '' })
    expect(world.fake.mediaRequests()).toEqual([])
    const ran = await run(['exec', '--server', 'Den', '--', NODE, '-e', REPORT])
    expect(ran).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(ran.stdout)).toMatchObject({ PLEX_TOKEN: den.accessToken, PLEXAPI_AUTH_SERVER_TOKEN: den.accessToken })
    expect(authenticated()).toEqual([])
    expect(pinsMade()).toBe(0)
    expect(world.fake.devices()).toHaveLength(devices)
  })
})
