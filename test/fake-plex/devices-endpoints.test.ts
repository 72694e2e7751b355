import { afterEach, describe, expect, it } from 'vitest'
import { testDeviceKey } from './jwt-helpers'
import type { FakePlex, FakePlexOptions } from './server'
import { startFakePlex } from './server'
import { clientHeaders, createPinAs, rawHttp, signInAs, utf8Header } from './test-http'

const DESKTOP = '0d6a3c1e-desk-4f00-8a11-devices00001'
const TOOL = '7e2b9c44-tool-4b55-9f3e-kometa000001'
/** A device name as hostile as a client could make it: markup, quotes, bidi, non-ASCII and length. */
const HOSTILE_DEVICE = `<Device id="1" token="x"/>&"' \u202egnp.exe\u202c Ünï 山田 ${'z'.repeat(300)}`

let fake: FakePlex
let clock = Date.parse('2026-12-04T12:00:00Z')
afterEach(async () => {
  await fake.close()
})

async function start(options: FakePlexOptions = {}): Promise<void> {
  clock = Date.parse('2026-12-04T12:00:00Z')
  fake = await startFakePlex({ now: () => clock, ...options })
}

interface JsonDevice {
  id: number
  name: string
  product: string
  platform: string
  clientIdentifier: string
  createdAt: string
  lastSeenAt: string
  provides: string
  token: string
  connections: { uri: string }[]
}

async function devicesJson(token: string): Promise<JsonDevice[]> {
  const res = await rawHttp(fake, '/api/v2/devices', { headers: clientHeaders(DESKTOP, token) })
  expect(res.status).toBe(200)
  return JSON.parse(res.text) as JsonDevice[]
}

const xmlText = (s: string): string => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
const attr = (element: string, name: string): string | undefined => {
  const raw = new RegExp(` ${name}="([^"]*)"`).exec(element)?.[1]
  return raw === undefined ? undefined : xmlText(raw)
}

/** Makes a tool's device as python-plexapi does: a PIN under the tool's own client id, linked with the account's token, then polled. */
async function mintToolDevice(accountToken: string, toolId = TOOL, name = 'kometa (Plexkey)'): Promise<string> {
  const pin = await createPinAs(fake, toolId, { 'X-Plex-Device-Name': utf8Header(name), 'X-Plex-Platform': 'Linux' })
  const link = await rawHttp(fake, '/api/v2/pins/link', {
    method: 'PUT',
    headers: { ...clientHeaders(DESKTOP, accountToken), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `code=${pin.code}`,
  })
  expect(link.status).toBe(204)
  const polled = await rawHttp(fake, `/api/v2/pins/${pin.id}`, { headers: clientHeaders(toolId) })
  const token = (JSON.parse(polled.text) as { authToken: string | null }).authToken
  if (!token) throw new Error('the linked PIN carries no token')
  return token
}

const userStatus = async (token: string): Promise<number> =>
  (await rawHttp(fake, '/api/v2/user', { headers: clientHeaders(DESKTOP, token) })).status

describe('GET /devices.xml and /api/v2/devices', () => {
  it("list where the account is signed in, tokens included, named from the client's own headers", async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    const xml = await rawHttp(fake, '/devices.xml', { headers: clientHeaders(DESKTOP, desktop) })
    expect(xml.status).toBe(200)
    expect(xml.type).toContain('application/xml')
    const devices = [...xml.text.matchAll(/<Device [^>]*>(.*?)<\/Device>/gs)].map((m) => m[0])
    const mine = devices.find((d) => attr(d, 'clientIdentifier') === DESKTOP) ?? ''
    expect(attr(mine, 'name')).toBe('Desk’s Linux 山田')
    expect(attr(mine, 'product')).toBe('Plexkey')
    expect(attr(mine, 'platform')).toBe('Linux')
    expect(attr(mine, 'token')).toBe(desktop)
    expect(attr(mine, 'createdAt')).toBe(String(clock / 1000))
    expect(attr(mine, 'lastSeenAt')).toBe(String(clock / 1000))
    expect(Number(attr(mine, 'id'))).toBeGreaterThan(0)
    // The account's own servers are devices too, with their tokens and addresses.
    const basement = fake.mediaServer('Basement')
    const server = devices.find((d) => attr(d, 'clientIdentifier') === basement.clientIdentifier) ?? ''
    expect(attr(server, 'token')).toBe(basement.accessToken)
    expect([...server.matchAll(/<Connection uri="([^"]+)"\/>/g)].map((m) => m[1])).toEqual(basement.connections.map((c) => c.uri))

    const json = await devicesJson(desktop)
    const jsonMine = json.find((d) => d.clientIdentifier === DESKTOP)
    expect(jsonMine).toMatchObject({ name: 'Desk’s Linux 山田', token: desktop, createdAt: '2026-12-04T12:00:00Z', id: Number(attr(mine, 'id')) })
    expect(json.find((d) => d.clientIdentifier === basement.clientIdentifier)?.connections).toEqual(basement.connections.map((c) => ({ uri: c.uri })))
  })

  it('update lastSeenAt on every authenticated call', async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    clock += 90_000
    expect(await userStatus(desktop)).toBe(200)
    clock += 30_000
    // The listing itself is an authenticated call: it shows its own visit.
    const mine = (await devicesJson(desktop)).find((d) => d.clientIdentifier === DESKTOP)
    expect(mine?.createdAt).toBe('2026-12-04T12:00:00Z')
    expect(mine?.lastSeenAt).toBe('2026-12-04T12:02:00Z')
    clock += 60_000
    await rawHttp(fake, '/api/v2/resources', { headers: clientHeaders(DESKTOP, desktop) })
    const tool = await mintToolDevice(desktop)
    clock += 60_000
    const listed = await devicesJson(tool)
    // Listed with the tool's token: the tool's device was seen now, the desktop at its last call.
    expect(listed.find((d) => d.clientIdentifier === TOOL)?.lastSeenAt).toBe('2026-12-04T12:04:00Z')
    expect(listed.find((d) => d.clientIdentifier === DESKTOP)?.lastSeenAt).toBe('2026-12-04T12:03:00Z')
  })

  it('escape a hostile device name in XML and carry it intact in JSON', async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    await mintToolDevice(desktop, TOOL, HOSTILE_DEVICE)
    const xml = (await rawHttp(fake, '/devices.xml', { headers: clientHeaders(DESKTOP, desktop) })).text
    expect(xml).not.toContain('<Device id="1"')
    const tool = [...xml.matchAll(/<Device [^>]*>/g)].map((m) => m[0]).find((d) => attr(d, 'clientIdentifier') === TOOL) ?? ''
    expect(attr(tool, 'name')).toBe(HOSTILE_DEVICE)
    expect((await devicesJson(desktop)).find((d) => d.clientIdentifier === TOOL)?.name).toBe(HOSTILE_DEVICE)
  })

  it('answer 401 without a valid token', async () => {
    await start()
    for (const path of ['/devices.xml', '/api/v2/devices']) {
      expect((await rawHttp(fake, path, { headers: clientHeaders(DESKTOP) })).status).toBe(401)
      expect((await rawHttp(fake, path, { headers: clientHeaders(DESKTOP, 'never-issued-token') })).status).toBe(401)
    }
  })
})

describe('PUT /api/v2/pins/link', () => {
  it("gives the PIN a token for a NEW device under the PIN's own client id, seen only by that client", async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    const tool = await mintToolDevice(desktop)
    expect(tool).not.toBe(desktop)
    expect(fake.issuedTokens()).toContain(tool)
    const devices = await devicesJson(desktop)
    const toolDevice = devices.find((d) => d.clientIdentifier === TOOL)
    expect(toolDevice).toMatchObject({ name: 'kometa (Plexkey)', product: 'Plexkey', token: tool })
    expect(devices.find((d) => d.clientIdentifier === DESKTOP)?.token).toBe(desktop)
    // Same account behind both tokens.
    const me = async (token: string) => (JSON.parse((await rawHttp(fake, '/api/v2/user', { headers: clientHeaders(TOOL, token) })).text) as { uuid: string }).uuid
    expect(await me(tool)).toBe(await me(desktop))
  })

  it('answers 404/1020 for an unknown, expired, strong or already-linked code, and 401 without a valid token', async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    const link = (code: string, token: string | null = desktop) =>
      rawHttp(fake, '/api/v2/pins/link', {
        method: 'PUT',
        headers: { ...clientHeaders(DESKTOP, token ?? undefined), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code }).toString(),
      })
    const expectGone = async (code: string): Promise<void> => {
      const res = await link(code)
      expect(res.status).toBe(404)
      expect((JSON.parse(res.text) as { errors: { code: number }[] }).errors[0]?.code).toBe(1020)
    }
    await expectGone('ZZZZ')
    await expectGone('')
    const strong = await createPinAs(fake, TOOL, {}, true)
    await expectGone(strong.code)
    await expectGone(String(strong.id))
    const pin = await createPinAs(fake, TOOL)
    expect((await link(pin.code, null)).status).toBe(401)
    expect((await link(pin.code, 'not-a-token-it-issued')).status).toBe(401)
    expect((await link(pin.code.toLowerCase())).status).toBe(204)
    await expectGone(pin.code)
    const late = await createPinAs(fake, TOOL)
    clock += 901_000
    await expectGone(late.code)
  })

  it("links as a Home user when asked with that user's token", async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    const sam = fake.homeMembers().find((m) => m.title === 'Sam')
    const switched = await rawHttp(fake, `/api/v2/home/users/${sam?.uuid}/switch`, { method: 'POST', headers: clientHeaders(DESKTOP, desktop) })
    const samToken = (JSON.parse(switched.text) as { authToken: string }).authToken
    const tool = await mintToolDevice(samToken)
    const me = JSON.parse((await rawHttp(fake, '/api/v2/user', { headers: clientHeaders(TOOL, tool) })).text) as { uuid: string }
    expect(me.uuid).toBe(sam?.uuid)
    expect((await devicesJson(samToken)).map((d) => d.clientIdentifier).sort()).toEqual([DESKTOP, TOOL].sort())
  })
})

describe('DELETE /devices/{id}.xml', () => {
  it('removes the device, after which its tokens are refused everywhere', async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    const tool = await mintToolDevice(desktop)
    const id = (await devicesJson(desktop)).find((d) => d.clientIdentifier === TOOL)?.id
    const res = await rawHttp(fake, `/devices/${id}.xml`, { method: 'DELETE', headers: clientHeaders(DESKTOP, desktop) })
    expect(res.status).toBe(200)
    for (const path of ['/api/v2/user', '/api/v2/resources', '/api/v2/home/users', '/api/v2/devices', '/devices.xml', '/api/home/users']) {
      expect((await rawHttp(fake, path, { headers: clientHeaders(TOOL, tool) })).status).toBe(401)
    }
    expect(fake.tokens()).not.toContain(tool)
    expect(fake.issuedTokens()).toContain(tool)
    expect((await devicesJson(desktop)).map((d) => d.clientIdentifier)).not.toContain(TOOL)
    // The desktop's own sign-in is untouched.
    expect(await userStatus(desktop)).toBe(200)
    // Gone is gone: a second removal finds nothing.
    expect((await rawHttp(fake, `/devices/${id}.xml`, { method: 'DELETE', headers: clientHeaders(DESKTOP, desktop) })).status).toBe(404)
  })

  it("answers 401 without a valid token, and 404 for another account's device", async () => {
    await start()
    const desktop = await signInAs(fake, DESKTOP)
    const other = await signInAs(fake, TOOL, { username: 'someone-else', id: 55555 })
    const otherId = (await devicesJson(other)).find((d) => d.clientIdentifier === TOOL)?.id
    expect((await rawHttp(fake, `/devices/${otherId}.xml`, { method: 'DELETE', headers: clientHeaders(DESKTOP) })).status).toBe(401)
    expect((await rawHttp(fake, `/devices/${otherId}.xml`, { method: 'DELETE', headers: clientHeaders(DESKTOP, desktop) })).status).toBe(404)
    expect(await userStatus(other)).toBe(200)
  })
})

describe('a Media Server that refuses Plex JWTs', () => {
  it("is handed the caller's Plex JWT as its accessToken by /resources, and refuses it; a plain token gets the server's own", async () => {
    await start({ servers: [{ name: 'Den', owned: true, presence: true, refusesJwt: true, connections: [{ kind: 'live', local: true }] }] })
    const key = await testDeviceKey()
    const created = await rawHttp(fake, '/api/v2/pins', {
      method: 'POST',
      headers: { ...clientHeaders(DESKTOP), 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwk: key.jwk, strong: true }),
    })
    const jwt = await fake.approveJwt((JSON.parse(created.text) as { id: number }).id)
    expect(jwt.startsWith('eyJ')).toBe(true)
    const resources = async (token: string) =>
      JSON.parse((await rawHttp(fake, '/api/v2/resources', { headers: clientHeaders(DESKTOP, token) })).text) as { name: string; accessToken: string }[]
    const den = fake.mediaServer('Den')
    const uri = den.connections[0]?.uri ?? ''
    const handed = (await resources(jwt)).find((r) => r.name === 'Den')?.accessToken ?? ''
    expect(handed).toBe(jwt)
    expect((await fetch(`${uri}/`, { headers: { 'X-Plex-Token': handed } })).status).toBe(401)

    const plain = await signInAs(fake, TOOL)
    const token = (await resources(plain)).find((r) => r.name === 'Den')?.accessToken ?? ''
    expect(token).toBe(den.accessToken)
    expect((await fetch(`${uri}/`, { headers: { 'X-Plex-Token': token } })).status).toBe(200)
  })
})
