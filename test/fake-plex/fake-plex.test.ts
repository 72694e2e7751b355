import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serializeFault } from './control'
import { fakePlexControl } from './control-client'
import { pinBody } from './pins'
import type { FakePlex } from './server'
import { startFakePlex } from './server'

let fake: FakePlex
beforeEach(async () => {
  fake = await startFakePlex()
})
afterEach(async () => {
  await fake.close()
})

const CLIENT = '6f1c2f0e-4d7a-4d63-9a4b-1d2c3e4f5a6b'
const JSON_HEADERS = { Accept: 'application/json', 'X-Plex-Client-Identifier': CLIENT, 'X-Plex-Product': 'Plexkey' }

async function http(
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<{ status: number; type: string; text: string; headers: Headers }> {
  const res = await fetch(`${fake.url}${path}`, { redirect: 'manual', ...init })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers }
}

async function createPin(strong: boolean, headers: Record<string, string> = JSON_HEADERS): Promise<Record<string, unknown>> {
  const res = await http(`/api/v2/pins?strong=${strong}`, { method: 'POST', headers })
  expect(res.status).toBe(201)
  return JSON.parse(res.text) as Record<string, unknown>
}

const poll = (id: unknown, headers: Record<string, string> = JSON_HEADERS) => http(`/api/v2/pins/${String(id)}`, { headers })

describe('PIN creation', () => {
  it('creates a strong PIN: 25 lowercase characters, 30 minutes, realistic fields', async () => {
    const pin = await createPin(true)
    expect(String(pin['id'])).toMatch(/^\d{9,10}$/)
    expect(pin['code']).toMatch(/^[a-z0-9]{25}$/)
    expect(pin).toMatchObject({
      product: 'Plexkey',
      trusted: false,
      clientIdentifier: CLIENT,
      expiresIn: 1800,
      authToken: null,
      newRegistration: null,
      qr: `https://plex.tv/api/v2/pins/qr/${String(pin['code'])}`,
    })
    expect(pin['location']).toMatchObject({ code: 'US', country: 'United States' })
    expect(pin['createdAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(pin['expiresAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Date.parse(String(pin['expiresAt'])) - Date.parse(String(pin['createdAt']))).toBe(1800_000)
  })

  it('creates a 4-character uppercase PIN for plex.tv/link, 15 minutes, when strong is false or absent', async () => {
    for (const path of ['/api/v2/pins?strong=false', '/api/v2/pins']) {
      const res = await http(path, { method: 'POST', headers: JSON_HEADERS })
      const pin = JSON.parse(res.text) as Record<string, unknown>
      expect(pin['code']).toMatch(/^[A-Z0-9]{4}$/)
      expect(pin['expiresIn']).toBe(900)
    }
  })

  it('takes strong from a JSON or a form body as well as the query', async () => {
    const json = await http('/api/v2/pins', {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify({ strong: true }),
    })
    const form = await http('/api/v2/pins', {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'strong=true',
    })
    expect(JSON.parse(json.text).code).toHaveLength(25)
    expect(JSON.parse(form.text).code).toHaveLength(25)
  })

  it('takes X-Plex-* parameters from the query string too', async () => {
    const res = await http(`/api/v2/pins?strong=true&X-Plex-Client-Identifier=${CLIENT}&X-Plex-Product=Query%20App`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    })
    expect(res.status).toBe(201)
    expect(JSON.parse(res.text)).toMatchObject({ clientIdentifier: CLIENT, product: 'Query App' })
  })

  it('answers 400/1000 without a client id, on create and on poll', async () => {
    const create = await http('/api/v2/pins', { method: 'POST', headers: { Accept: 'application/json' } })
    expect(create.status).toBe(400)
    expect(JSON.parse(create.text)).toEqual({
      errors: [{ code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 }],
    })
    const pin = await createPin(false)
    const check = await poll(pin['id'], { Accept: 'application/json' })
    expect(check.status).toBe(400)
    expect(JSON.parse(check.text).errors[0].code).toBe(1000)
  })

  it('lets lifetimes be set at start and changed later', async () => {
    await fake.close()
    fake = await startFakePlex({ strongSec: 60, linkSec: 30 })
    expect((await createPin(true))['expiresIn']).toBe(60)
    expect((await createPin(false))['expiresIn']).toBe(30)
    fake.setLifetimes({ strongSec: 120 })
    expect((await createPin(true))['expiresIn']).toBe(120)
    expect((await createPin(false))['expiresIn']).toBe(30)
  })

  it('gives one PIN, the next of either kind, a lifetime of its own', async () => {
    fake.setNextPinLifetime(4)
    expect((await createPin(false))['expiresIn']).toBe(4)
    expect((await createPin(false))['expiresIn']).toBe(900)
    fake.setNextPinLifetime(5)
    fake.setNextPinLifetime(null)
    expect((await createPin(true))['expiresIn']).toBe(1800)
  })
})

describe('content negotiation', () => {
  it('answers XML unless Accept asks for JSON', async () => {
    const res = await http('/api/v2/pins?strong=true', { method: 'POST', headers: { 'X-Plex-Client-Identifier': CLIENT } })
    expect(res.status).toBe(201)
    expect(res.type).toContain('application/xml')
    expect(res.text).toMatch(/<pin id="\d{9,10}" code="[a-z0-9]{25}" /)
    expect(res.text).toContain(`clientIdentifier="${CLIENT}"`)
    expect(() => JSON.parse(res.text)).toThrow()
  })

  it('writes errors as XML too', async () => {
    const res = await http('/api/v2/pins/123456789', { headers: { 'X-Plex-Client-Identifier': CLIENT } })
    expect(res.status).toBe(404)
    expect(res.text).toContain('<errors><error code="1020" message="Code not found or expired"/></errors>')
  })

  it('accepts the .json suffix as a JSON request', async () => {
    const res = await http('/api/v2/pins.json?strong=true', { method: 'POST', headers: { 'X-Plex-Client-Identifier': CLIENT } })
    expect(res.type).toContain('application/json')
    expect(JSON.parse(res.text).code).toHaveLength(25)
  })
})

describe('PIN polling', () => {
  it('stays pending until approved, then carries the token', async () => {
    const pin = await createPin(true)
    expect(JSON.parse((await poll(pin['id'])).text).authToken).toBeNull()
    const token = fake.approve(Number(pin['id']))
    const approved = JSON.parse((await poll(pin['id'])).text)
    expect(approved.authToken).toBe(token)
    expect(token).toMatch(/^[\w-]{20}$/)
    expect(fake.pins().find((p) => p.id === pin['id'])?.polls).toBe(2)
  })

  it('approves by code, ignoring case for typed codes, and returns the same token twice', async () => {
    const pin = await createPin(false)
    const token = fake.approve(String(pin['code']).toLowerCase())
    expect(fake.approve(Number(pin['id']))).toBe(token)
    expect(JSON.parse((await poll(pin['id'])).text).authToken).toBe(token)
  })

  it('answers 404/1020 to another client id, and for an unknown PIN', async () => {
    const pin = await createPin(true)
    const foreign = await poll(pin['id'], { ...JSON_HEADERS, 'X-Plex-Client-Identifier': 'someone-else' })
    expect(foreign.status).toBe(404)
    expect(JSON.parse(foreign.text)).toEqual({ errors: [{ code: 1020, message: 'Code not found or expired' }] })
    expect((await poll(999999999)).status).toBe(404)
    expect((await poll('not-a-number')).status).toBe(404)
  })

  it('counts expiresIn down to the second from expiresAt', async () => {
    // The fake's clock stands still, so the answer is read at the moment the PIN was made however
    // long the answer takes on a loaded machine.
    await fake.close()
    const stopped = Date.now()
    fake = await startFakePlex({ now: () => stopped })
    fake.setLifetimes({ linkSec: 2 })
    const pin = await createPin(false)
    expect(pin['expiresIn']).toBe(2)
    // The countdown is computed from the time it is asked at: given that time, no clock is read.
    const stored = fake.pins().find((p) => p.id === pin['id'])
    if (!stored) throw new Error('the PIN is not stored')
    expect(stored.expiresAt - stored.createdAt).toBe(2_000)
    expect(pinBody(stored, stored.createdAt)['expiresIn']).toBe(2)
    expect(pinBody(stored, stored.createdAt + 1)['expiresIn']).toBe(2)
    expect(pinBody(stored, stored.createdAt + 1_000)['expiresIn']).toBe(1)
    expect(pinBody(stored, stored.createdAt + 1_500)['expiresIn']).toBe(1)
    expect(pinBody(stored, stored.expiresAt)['expiresIn']).toBe(0)
    expect(pinBody(stored, stored.expiresAt + 60_000)['expiresIn']).toBe(0)
    expect(pinBody(stored, stored.createdAt + 1_500)['expiresAt']).toBe(pin['expiresAt'])
  })

  it('forgets a PIN once it has expired', async () => {
    // A lifetime of 0: the PIN expires the moment it is made, with no waiting.
    fake.setLifetimes({ linkSec: 0 })
    const pin = await createPin(false)
    expect(pin['expiresIn']).toBe(0)
    const expired = await poll(pin['id'])
    expect(expired.status).toBe(404)
    expect(JSON.parse(expired.text).errors[0].code).toBe(1020)
    expect(() => fake.approve(Number(pin['id']))).toThrow(/No live PIN/)
    expect(() => fake.approve(String(pin['code']))).toThrow(/No live PIN/)

    // The same request with a lifetime left gets a live PIN: it was the expiry, nothing else.
    fake.setLifetimes({ linkSec: 900 })
    const live = await createPin(false)
    expect((await poll(live['id'])).status).toBe(200)
  })

  it('approves every PIN after k polls when asked to', async () => {
    await fake.close()
    fake = await startFakePlex({ approveAfterPolls: 2 })
    const pin = await createPin(true)
    expect(JSON.parse((await poll(pin['id'])).text).authToken).toBeNull()
    expect(JSON.parse((await poll(pin['id'])).text).authToken).toBeNull()
    const third = JSON.parse((await poll(pin['id'])).text)
    expect(third.authToken).toMatch(/^[\w-]{20}$/)
    fake.setApproveAfterPolls(undefined)
    const other = await createPin(true)
    for (let i = 0; i < 4; i++) expect(JSON.parse((await poll(other['id'])).text).authToken).toBeNull()
  })
})

describe('accounts', () => {
  const withToken = (token: string) => ({ ...JSON_HEADERS, 'X-Plex-Token': token })

  async function signIn(user?: Parameters<FakePlex['approve']>[1]): Promise<string> {
    const pin = await createPin(true)
    return fake.approve(Number(pin['id']), user)
  }

  it('returns the user behind a token, with Plex Pass as subscription.active', async () => {
    const token = await signIn({ username: 'ada', title: 'Ada L', email: 'ada@example.com', plexPass: true })
    const res = await http('/api/v2/user', { headers: withToken(token) })
    expect(res.status).toBe(200)
    const user = JSON.parse(res.text)
    expect(user).toMatchObject({ username: 'ada', title: 'Ada L', email: 'ada@example.com', authToken: token })
    expect(user.subscription.active).toBe(true)
    expect(user.uuid).toMatch(/^[0-9a-f]{16}$/)
    expect(user.thumb).toBe(`${fake.url}/users/${user.uuid}/avatar?c=${new URL(user.thumb).searchParams.get('c')}`)
    const free = JSON.parse((await http('/api/v2/user', { headers: withToken(await signIn()) })).text)
    expect(free.subscription).toMatchObject({ active: false, status: 'Inactive' })
  })

  it('keeps an account\'s uuid across sign-ins; another account has its own', async () => {
    const uuidOf = async (token: string) => (JSON.parse((await http('/api/v2/user', { headers: withToken(token) })).text) as { uuid: string }).uuid
    const first = await uuidOf(await signIn({ username: 'ada' }))
    expect(await uuidOf(await signIn({ username: 'ada' }))).toBe(first)
    expect(await uuidOf(await signIn({ username: 'ada', title: 'Ada again' }))).toBe(first)
    expect(await uuidOf(await signIn({ username: 'bob' }))).not.toBe(first)
    expect(await uuidOf(await signIn())).toBe(await uuidOf(await signIn()))
  })

  it('accepts the token from the query string', async () => {
    const token = await signIn()
    const res = await http(`/api/v2/user?X-Plex-Token=${token}`, { headers: JSON_HEADERS })
    expect(res.status).toBe(200)
  })

  it('answers 401/1001 for a missing, unknown or revoked token', async () => {
    const expected = { errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] }
    const none = await http('/api/v2/user', { headers: JSON_HEADERS })
    expect(none.status).toBe(401)
    expect(JSON.parse(none.text)).toEqual(expected)
    expect((await http('/api/v2/user', { headers: withToken('nonsense-token-value') })).status).toBe(401)
    const token = await signIn()
    fake.revoke(token)
    const revoked = await http('/api/v2/user', { headers: withToken(token) })
    expect(revoked.status).toBe(401)
    expect(JSON.parse(revoked.text)).toEqual(expected)
  })

  it('signs out: 204, and the token is dead afterwards', async () => {
    const token = await signIn()
    const res = await http('/api/v2/users/signout', { method: 'DELETE', headers: withToken(token) })
    expect(res.status).toBe(204)
    expect(fake.tokens()).not.toContain(token)
    expect((await http('/api/v2/user', { headers: withToken(token) })).status).toBe(401)
    expect((await http('/api/v2/users/signout', { method: 'DELETE', headers: withToken(token) })).status).toBe(401)
  })

  it('lists resources as a JSON array, or XML without Accept', async () => {
    const token = await signIn()
    const res = await http('/api/v2/resources?includeHttps=1', { headers: withToken(token) })
    const list = JSON.parse(res.text) as Record<string, unknown>[]
    expect(list.map((r) => r['provides'])).toEqual([...fake.mediaServers.map(() => 'server'), 'client,player,pubsub-player'])
    expect(list[0]).toMatchObject({ name: 'Basement', product: 'Plex Media Server', owned: true, presence: true })
    // Every address a test could be led to is on this machine.
    const uris = list.flatMap((r) => (r['connections'] as { uri: string }[]).map((c) => new URL(c.uri)))
    expect(uris.length).toBeGreaterThan(10)
    for (const uri of uris) expect(uri.hostname).toBe('127.0.0.1')
    const xml = await http('/api/v2/resources', { headers: { 'X-Plex-Client-Identifier': CLIENT, 'X-Plex-Token': token } })
    expect(xml.text).toMatch(/<resources><resource name="Basement"[^>]*>.*<connections><connection protocol="http"/s)
    expect((await http('/api/v2/resources', { headers: withToken('bad-token-123') })).status).toBe(401)
  })

  it('serves the avatar the user points to, through a redirect, as a real PNG', async () => {
    const token = await signIn()
    const user = JSON.parse((await http('/api/v2/user', { headers: withToken(token) })).text)
    const res = await fetch(user.thumb)
    expect(res.redirected).toBe(true)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })
})

describe('faults', () => {
  it('answers any status with a Plex error body, in JSON or XML', async () => {
    fake.fault({ path: '/api/v2/pins', status: 503, plexCode: 1999 })
    const json = await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })
    expect(json.status).toBe(503)
    expect(JSON.parse(json.text).errors[0]).toMatchObject({ code: 1999, status: 503 })
    const xml = await http('/api/v2/pins', { method: 'POST', headers: { 'X-Plex-Client-Identifier': CLIENT } })
    expect(xml.text).toContain('<error code="1999" message="Service Unavailable" status="503"/>')
  })

  it('sends 429/1003 with or without Retry-After', async () => {
    fake.fault({ status: 429, retryAfter: '7', times: 1 })
    fake.fault({ status: 429, times: 1 })
    const first = await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('7')
    expect(JSON.parse(first.text)).toEqual({ errors: [{ code: 1003, message: 'API rate limit exceeded', status: 429 }] })
    const second = await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBeNull()
    expect((await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })).status).toBe(201)
  })

  it('matches by method, path prefix and RegExp, oldest rule first', async () => {
    const pin = await createPin(true)
    fake.fault({ path: '/api/v2/pins', method: 'GET', status: 500, times: 1 })
    fake.fault({ path: /\/user$/, status: 502 })
    expect((await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })).status).toBe(201)
    expect((await poll(pin['id'])).status).toBe(500)
    expect((await poll(pin['id'])).status).toBe(200)
    expect((await http('/api/v2/user', { headers: JSON_HEADERS })).status).toBe(502)
    fake.clearFaults()
    expect((await http('/api/v2/user', { headers: JSON_HEADERS })).status).toBe(401)
  })

  it('sends an exact body with its content type and extra headers', async () => {
    fake.fault({ status: 422, body: '<errors><error>Invalid token</error></errors>', headers: { 'X-Test': 'yes' } })
    const res = await http('/api/v2/user', { headers: JSON_HEADERS })
    expect(res.status).toBe(422)
    expect(res.type).toBe('application/xml')
    expect(res.text).toBe('<errors><error>Invalid token</error></errors>')
    expect(res.headers.get('x-test')).toBe('yes')
  })

  it('delays a request, then lets it through', async () => {
    fake.fault({ delayMs: 2000 })
    await expect(http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS, signal: AbortSignal.timeout(100) })).rejects.toThrow()
    fake.clearFaults()
    fake.fault({ delayMs: 20, times: 1 })
    expect((await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })).status).toBe(201)
  })

  it('holds a request until the test lets it go, then lets it through', async () => {
    let release = (): void => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    fake.fault({ path: '/api/v2/pins', method: 'POST', holdUntil: released, times: 1 })
    let answered = false
    const held = http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS }).finally(() => (answered = true))
    await expect.poll(() => fake.requests.length).toBe(1)
    // A request that arrived after it is answered, while the held one still waits.
    expect((await http('/api/v2/user', { headers: JSON_HEADERS })).status).toBe(401)
    expect(answered).toBe(false)
    release()
    expect((await held).status).toBe(201)
  })

  it('a held request cannot go through the control API, which another process uses', () => {
    expect(() => serializeFault({ holdUntil: Promise.resolve() })).toThrow(/in-process/)
  })

  it('drops the connection mid-request', async () => {
    fake.fault({ drop: true, times: 1 })
    await expect(http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })).rejects.toThrow(/fetch failed/)
    expect(fake.requests).toHaveLength(1)
  })

  it('sends malformed JSON with status 200', async () => {
    fake.fault({ malformed: true })
    const res = await http('/api/v2/pins', { method: 'POST', headers: JSON_HEADERS })
    expect(res.status).toBe(200)
    expect(() => JSON.parse(res.text)).toThrow()
  })

  it('streams an oversized body without Content-Length', async () => {
    fake.fault({ oversizedBytes: 300_000 })
    const res = await http('/api/v2/user', { headers: JSON_HEADERS })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBeNull()
    expect(res.text.length).toBeGreaterThanOrEqual(300_000 - 16)
    expect(JSON.parse(res.text).padding).toMatch(/^x+$/)
  })

  it('starts a body and then stalls', async () => {
    fake.fault({ stallBody: true })
    const res = await fetch(`${fake.url}/api/v2/user`, { headers: JSON_HEADERS, signal: AbortSignal.timeout(300) })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
  })
})

describe('recorded requests', () => {
  it('records method, path, query, headers (UTF-8 X-Plex values) and body, but not control calls', async () => {
    const name = 'Jürgen’s 山田 PC'
    await http('/api/v2/pins?strong=true', {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'X-Plex-Device-Name': Buffer.from(name, 'utf8').toString('latin1') },
      body: 'hello',
    })
    await fakePlexControl(fake.url).pins()
    expect(fake.requests).toHaveLength(1)
    const [req] = fake.requests
    expect(req).toMatchObject({ method: 'POST', path: '/api/v2/pins', query: { strong: 'true' }, body: 'hello' })
    expect(req?.headers['x-plex-device-name']).toBe(name)
    expect(req?.headers['x-plex-client-identifier']).toBe(CLIENT)
    fake.clearRequests()
    expect(fake.requests).toHaveLength(0)
  })

  it('tells when no client is connected, by when all a gone client sent is recorded', async () => {
    await fake.connectionsClosed()
    const socket = connect(Number(new URL(fake.url).port), '127.0.0.1')
    await once(socket, 'connect')
    let closed = false
    const allClosed = fake.connectionsClosed().then(() => (closed = true))
    await new Promise((r) => setImmediate(r))
    expect(closed).toBe(false)
    // A request, then the client goes at once, as a process that exits right after sending would.
    socket.end(`GET /api/v2/pins/12345 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Plex-Client-Identifier: ${CLIENT}\r\n\r\n`)
    socket.resume()
    await allClosed
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v2/pins/12345'])
  })
})

describe('control API over HTTP', () => {
  it('mirrors the FakePlex methods', async () => {
    const control = fakePlexControl(fake.url)
    const pin = await createPin(true)
    const token = await control.approve(Number(pin['id']), { username: 'remote' })
    expect(await control.tokens()).toEqual([token])
    expect((await control.pins())[0]).toMatchObject({ id: pin['id'], authToken: token, polls: 0 })
    const user = JSON.parse((await http('/api/v2/user', { headers: { ...JSON_HEADERS, 'X-Plex-Token': token } })).text)
    expect(user.username).toBe('remote')

    await control.fault({ path: /^\/api\/v2\/resources$/, status: 418, times: 1 })
    expect((await http('/api/v2/resources', { headers: JSON_HEADERS })).status).toBe(418)
    expect((await control.requests()).map((r) => r.path)).toEqual(['/api/v2/pins', '/api/v2/user', '/api/v2/resources'])
    await control.clearRequests()
    expect(await control.requests()).toEqual([])

    await control.fault({ status: 500 })
    await control.clearFaults()
    await control.setLifetimes({ strongSec: 42 })
    expect((await createPin(true))['expiresIn']).toBe(42)
    await control.setApproveAfterPolls(0)
    const auto = await createPin(true)
    expect(JSON.parse((await poll(auto['id'])).text).authToken).toMatch(/^[\w-]{20}$/)
    // Told whom to sign in, the automatic approval signs in that account.
    await control.setApproveAfterPolls(0, { username: 'second-demo', uuid: 'd2d2d2d2d2d2' })
    const asSecond = JSON.parse((await poll((await createPin(true))['id'])).text).authToken as string
    const who = await http('/api/v2/user', { headers: { ...JSON_HEADERS, 'X-Plex-Token': asSecond } })
    expect(JSON.parse(who.text)).toMatchObject({ username: 'second-demo', uuid: 'd2d2d2d2d2d2' })

    await control.revoke(token)
    expect(await control.tokens()).not.toContain(token)
    // Revoked or signed out, a token stays among those ever issued: a leak check must still find it.
    const issued = await control.issuedTokens()
    expect(issued).toContain(token)
    expect(issued).toEqual(fake.issuedTokens())
    // The three account tokens, then the Media Servers' own.
    expect(issued).toEqual([token, expect.stringMatching(/^[\w-]{20}$/), asSecond, ...fake.mediaServers.map((server) => server.accessToken)])
    await expect(control.approve('nope')).rejects.toThrow(/404/)
  })
})

describe('hosted sign-in page stand-in', () => {
  const fragment = (params: Record<string, string>) =>
    Object.entries(params)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')
  const context = (code: string, clientId = CLIENT) => ({
    clientID: clientId,
    code,
    'context[device][product]': 'Plexkey',
    'context[device][version]': '0.1.0',
    'context[device][platform]': 'Linux',
    'context[device][platformVersion]': '6.1.0',
    'context[device][device]': 'Linux',
    'context[device][deviceName]': 'My Desk & Co',
  })

  it('approves the PIN named in its fragment, only for its own client id, and insists on every context key', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    })
    try {
      const page = await browser.newPage()
      const open = async (hash: string) => {
        await page.goto('about:blank')
        await page.goto(`${fake.authUrl}#?${hash}`)
        // Strings, not functions: this file is type-checked without the DOM library.
        await page.waitForFunction("document.body.dataset.state !== 'working'")
        return { state: await page.getAttribute('body', 'data-state'), text: await page.textContent('body') }
      }

      const pin = await createPin(true)
      const code = String(pin['code'])
      const foreign = await open(fragment(context(code, 'another-client')))
      expect(foreign.state).toBe('error')
      expect(fake.pins()[0]?.authToken).toBeNull()

      const { 'context[device][deviceName]': _omitted, ...partial } = context(code)
      const missing = await open(fragment(partial))
      expect(missing.state).toBe('error')
      expect(missing.text).toContain('context[device][deviceName]')

      const good = await open(fragment(context(code)))
      expect(good.state).toBe('approved')
      expect(good.text).toContain('You can close this window')
      expect(good.text).toContain('Plexkey on My Desk & Co is now signed in')
      expect(JSON.parse((await poll(pin['id'])).text).authToken).toBe(fake.pins()[0]?.authToken)
    } finally {
      await browser.close()
    }
  })
})

describe('npm run fake-plex', () => {
  it('prints its URL first, approves after k polls, and exits cleanly on SIGTERM', async () => {
    const root = resolve(__dirname, '../..')
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['test/fake-plex/main.ts', '--port', '0', '--approve-after-polls', '1', '--strong-sec', '90'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const created = await fetch(`${line}/api/v2/pins?strong=true`, { method: 'POST', headers: JSON_HEADERS })
      const pin = (await created.json()) as { id: number; expiresIn: number }
      expect(pin.expiresIn).toBe(90)
      const check = async () =>
        ((await (await fetch(`${line}/api/v2/pins/${pin.id}`, { headers: JSON_HEADERS })).json()) as { authToken: string | null }).authToken
      expect(await check()).toBeNull()
      expect(await check()).toMatch(/^[\w-]{20}$/)
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
  })
})
