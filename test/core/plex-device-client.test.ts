import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../main/core/log'
import type { PlexClient, PlexDevice } from '../../main/core/plex/plex-types'
import { type FakePlex, type FakeUser, startFakePlex } from '../fake-plex/server'
import { createPinAs, signInAs, utf8Header } from '../fake-plex/test-http'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf, unwrap } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

const TOOL_ID = '5c0ffee0-tool-4aaa-8bbb-kometa-device'
/** A device name as hostile as another program could make it: bidi, markup, quotes, non-ASCII and length. */
const HOSTILE_NAME = `<i>kometa</i> "&' \u202egnp.exe\u202c \u200f山田 ${'ü'.repeat(300)}`
/** Control characters no header can carry, but plex.tv's answer could. */
const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J'

let fake: FakePlex
let desktop: PlexClient
let logLines: string[]
let owner: string
const clock = { now: Date.parse('2026-12-04T12:00:00Z') }

const logger = () => createLogger('plex', { level: 'debug', sink: (line) => logLines.push(line) })

async function signIn(client: PlexClient, user?: Partial<FakeUser>): Promise<string> {
  const pin = unwrap(await client.createPin({ strong: true }))
  fake.approve(pin.id, user)
  const token = unwrap(await client.checkPin(pin.id)).authToken
  if (!token) throw new Error('approved PIN without a token')
  return token
}

/**
 * A tool's own device, made as python-plexapi does: a PIN under its own client id, linked by the
 * desktop. With `hostileName`, the PIN is asked for by another program whose device name is that,
 * control characters and all (Plexkey's own headers could not carry them).
 */
async function mintTool(hostileName?: string): Promise<{ token: string; client: PlexClient }> {
  const tool = plexClientOnFake(fake, { identity: testIdentity({ clientId: TOOL_ID, deviceName: 'kometa (Plexkey)' }), logger: logger() })
  const pin = hostileName
    ? await createPinAs(fake, TOOL_ID, { 'X-Plex-Device-Name': utf8Header(hostileName) })
    : unwrap(await tool.createPin({ strong: false }))
  unwrap(await desktop.linkPin(owner, pin.code))
  const token = unwrap(await tool.checkPin(pin.id)).authToken
  if (!token) throw new Error('the linked PIN carries no token')
  return { token, client: tool }
}

function byClient(devices: readonly PlexDevice[], clientId: string): PlexDevice {
  const found = devices.find((d) => d.clientIdentifier === clientId)
  if (!found) throw new Error(`no device ${clientId}`)
  return found
}

beforeEach(async () => {
  clock.now = Date.parse('2026-12-04T12:00:00Z')
  fake = await startFakePlex({ now: () => clock.now })
  logLines = []
  desktop = plexClientOnFake(fake, { logger: logger() })
  owner = await signIn(desktop)
})
afterEach(async () => {
  await fake.close()
})

describe('linkPin', () => {
  it("gives a tool a device and token of its own, under the tool's own client id", async () => {
    const { token } = await mintTool()
    expect(token).not.toBe(owner)
    const devices = unwrap(await desktop.listDevices(owner))
    expect(byClient(devices, TOOL_ID)).toMatchObject({ name: 'kometa (Plexkey)', product: 'Plexkey', platform: 'Linux' })
    expect(byClient(devices, testIdentity().clientId).name).toBe('test-desk')
  })

  it("answers an unknown, strong or used code with 'pin-expired', and a refused account token with 'token-rejected'", async () => {
    expect(errorOf(await desktop.linkPin(owner, 'QQQQ'))).toMatchObject({ code: 'pin-expired', status: 404, plexCode: 1020 })
    const strong = unwrap(await desktop.createPin({ strong: true }))
    expect(errorOf(await desktop.linkPin(owner, strong.code))).toMatchObject({ code: 'pin-expired' })
    const pin = unwrap(await desktop.createPin({ strong: false }))
    unwrap(await desktop.linkPin(owner, pin.code))
    expect(errorOf(await desktop.linkPin(owner, pin.code))).toMatchObject({ code: 'pin-expired' })
    fake.revoke(owner)
    const fresh = unwrap(await desktop.createPin({ strong: false }))
    expect(errorOf(await desktop.linkPin(owner, fresh.code))).toMatchObject({ code: 'token-rejected' })
  })

  it('sends the code as a form field, never in the address', async () => {
    const pin = unwrap(await desktop.createPin({ strong: false }))
    unwrap(await desktop.linkPin(owner, pin.code))
    const sent = fake.requests.find((r) => r.path === '/api/v2/pins/link')
    expect(sent).toMatchObject({ method: 'PUT', body: `code=${pin.code}`, query: {} })
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded')
  })
})

describe('listDevices', () => {
  it('reads names, products and times, and keeps no token of any device: none in the result, none in a log', async () => {
    clock.now += 60_000
    await mintTool(HOSTILE_NAME)
    const devices = unwrap(await desktop.listDevices(owner))
    const tool = byClient(devices, TOOL_ID)
    expect(tool.name).toBe(HOSTILE_NAME)
    expect(tool.createdAt).toBe(Date.parse('2026-12-04T12:01:00Z'))
    expect(byClient(devices, testIdentity().clientId).createdAt).toBe(Date.parse('2026-12-04T12:00:00Z'))
    const basement = byClient(devices, fake.mediaServer('Basement').clientIdentifier)
    expect(basement.provides).toEqual(['server'])
    // Every device listed with a token by plex.tv, and every token the fake ever issued.
    const listedTokens = fake.devices().flatMap((d) => d.tokens)
    expect(listedTokens.length).toBeGreaterThanOrEqual(devices.length)
    const secrets = new Set([...listedTokens, ...fake.issuedTokens()])
    const parsed = JSON.stringify(devices)
    const log = logLines.join('\n')
    for (const secret of secrets) {
      expect(parsed).not.toContain(secret)
      expect(log).not.toContain(secret)
    }
    for (const device of devices) expect(Object.keys(device)).not.toContain('token')
  })

  it('reads times given as Unix seconds, as in the XML form, and keeps control characters as data', async () => {
    const body = JSON.stringify([
      { id: 7, name: `Old TV ${ESCAPES}`, product: 'Plex for LG', clientIdentifier: 'tv-1', createdAt: 1556281940, lastSeenAt: '1700000000', token: 'tv-token-0123456789' },
    ])
    fake.fault({ path: '/api/v2/devices', status: 200, body, times: 1 })
    const [tv] = unwrap(await desktop.listDevices(owner))
    expect(tv).toEqual({
      id: 7,
      name: `Old TV ${ESCAPES}`,
      product: 'Plex for LG',
      productVersion: '',
      platform: '',
      clientIdentifier: 'tv-1',
      createdAt: 1556281940_000,
      lastSeenAt: 1700000000_000,
      provides: [],
    })
  })

  it("is 'rate-limited' on 429 and 'bad-response' for a name past the cap", async () => {
    fake.fault({ path: '/api/v2/devices', status: 429, times: 1 })
    expect(errorOf(await desktop.listDevices(owner))).toMatchObject({ code: 'rate-limited' })
    fake.fault({ path: '/api/v2/devices', status: 200, body: JSON.stringify([{ id: 1, name: 'x'.repeat(513), clientIdentifier: 'c' }]), times: 1 })
    expect(errorOf(await desktop.listDevices(owner))).toMatchObject({ code: 'bad-response' })
  })
})

describe('removeDevice and tokenIsDead', () => {
  it("removes a tool's device, whose token is dead afterwards, and leaves the desktop's own sign-in alone", async () => {
    const { token, client: tool } = await mintTool()
    expect(unwrap(await desktop.tokenIsDead(token))).toBe(false)
    const id = byClient(unwrap(await desktop.listDevices(owner)), TOOL_ID).id
    unwrap(await desktop.removeDevice(owner, id))
    expect(unwrap(await desktop.tokenIsDead(token))).toBe(true)
    expect(errorOf(await tool.getResources(token))).toMatchObject({ code: 'token-rejected' })
    expect(unwrap(await desktop.tokenIsDead(owner))).toBe(false)
    expect(unwrap(await desktop.listDevices(owner)).map((d) => d.clientIdentifier)).not.toContain(TOOL_ID)
  })

  it("says 'device-gone' for a device already removed, and for an id plex.tv could never have listed, without asking", async () => {
    await mintTool()
    const id = byClient(unwrap(await desktop.listDevices(owner)), TOOL_ID).id
    unwrap(await desktop.removeDevice(owner, id))
    expect(errorOf(await desktop.removeDevice(owner, id))).toMatchObject({ code: 'device-gone', status: 404 })
    fake.clearRequests()
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(errorOf(await desktop.removeDevice(owner, bad))).toMatchObject({ code: 'device-gone' })
    expect(fake.requests).toHaveLength(0)
  })

  it('does not call a token dead for an answer that proves nothing (a 500, an expired Plex JWT)', async () => {
    fake.fault({ path: '/api/v2/user', status: 500, times: 1 })
    expect(errorOf(await desktop.tokenIsDead(owner))).toMatchObject({ code: 'plex-error', status: 500 })
    fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
    expect(errorOf(await desktop.tokenIsDead(owner))).toMatchObject({ code: 'token-rejected', tokenExpired: true })
  })
})

describe('deviceToken', () => {
  it("reads that one device's token, and a log line that meets it later shows it masked", async () => {
    // Signed in over raw HTTP: no Plexkey client has seen this token before.
    const token = await signInAs(fake, TOOL_ID)
    const id = byClient(unwrap(await desktop.listDevices(owner)), TOOL_ID).id
    logLines = []
    expect(unwrap(await desktop.deviceToken(owner, id))).toBe(token)
    // Remembered as a secret: masked even where no pattern would find it.
    logger().warn(`something quoted ${token} bare`)
    const log = logLines.join('\n')
    for (const secret of [...fake.devices().flatMap((d) => d.tokens), ...fake.issuedTokens()]) expect(log).not.toContain(secret)
    expect(log).toContain('something quoted [redacted] bare')
  })

  it("is 'device-gone' for a device not listed, and null for one listed without a token", async () => {
    expect(errorOf(await desktop.deviceToken(owner, 123))).toMatchObject({ code: 'device-gone' })
    fake.fault({ path: '/api/v2/devices', status: 200, body: JSON.stringify([{ id: 7, clientIdentifier: 'tv-1', token: '' }, { id: 8, token: 'other-device-token-123' }]), times: 1 })
    expect(unwrap(await desktop.deviceToken(owner, 7))).toBeNull()
  })
})
