import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlexClient } from '../../main/core/plex/plex-types'
import type { FakePlex } from '../fake-plex/server'
import { startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

let fake: FakePlex
let client: PlexClient
/** The identity plexClientOnFake gives the client. */
const identity = testIdentity()
const NOW = Date.UTC(2015, 9, 21, 7, 27, 30)
/** Where a test has stopped plex.tv's clock (null: the wall clock): a PIN expires without waiting. */
let plexStoppedAt: number | null = null

beforeEach(async () => {
  plexStoppedAt = null
  fake = await startFakePlex({ now: () => plexStoppedAt ?? Date.now() })
  client = plexClientOnFake(fake)
})
afterEach(async () => {
  await fake.close()
})

async function newPinId(): Promise<number> {
  const pin = await client.createPin({ strong: true })
  if (!pin.ok) throw new Error(pin.error.message)
  return pin.value.id
}

async function token(): Promise<string> {
  return fake.approve(await newPinId())
}

describe('network', () => {
  it('a dropped connection is a retryable network error', async () => {
    fake.fault({ drop: true })
    expect(errorOf(await client.createPin({ strong: true }))).toEqual({
      code: 'network',
      message: 'Plexkey could not reach plex.tv. Check your internet connection.',
      retryable: true,
    })
  })

  it('a refused connection is a network error', async () => {
    const gone = await startFakePlex()
    await gone.close()
    const offline = plexClientOnFake(gone)
    expect(errorOf(await offline.checkPin(123456789)).code).toBe('network')
  })

  it('the caller aborting mid-request stops it: a network error nobody retries', async () => {
    fake.fault({ delayMs: 10_000 })
    const controller = new AbortController()
    const pending = client.createPin({ strong: true, signal: controller.signal })
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    expect(errorOf(await pending)).toMatchObject({ code: 'network', retryable: false })
  })

  it('an already aborted signal sends nothing', async () => {
    const result = await client.createPin({ strong: true, signal: AbortSignal.abort() })
    expect(errorOf(result)).toMatchObject({ code: 'network', retryable: false })
    expect(fake.requests).toHaveLength(0)
  })
})

describe('timeout', () => {
  it('no answer in time is a retryable timeout', async () => {
    fake.fault({ delayMs: 10_000 })
    const quick = plexClientOnFake(fake, { timeoutMs: 200 })
    expect(errorOf(await quick.checkPin(123456789))).toEqual({
      code: 'timeout',
      message: 'plex.tv took too long to answer.',
      retryable: true,
    })
  })

  it('the deadline covers the body too', async () => {
    fake.fault({ stallBody: true })
    const quick = plexClientOnFake(fake, { timeoutMs: 300 })
    expect(errorOf(await quick.getUser('some-token-value'))).toMatchObject({ code: 'timeout' })
  })
})

describe('rate-limited', () => {
  it('429 with Retry-After in seconds', async () => {
    fake.fault({ status: 429, retryAfter: '7' })
    expect(errorOf(await client.createPin({ strong: true }))).toEqual({
      code: 'rate-limited',
      message: 'plex.tv asked Plexkey to slow down.',
      retryable: true,
      status: 429,
      plexCode: 1003,
      retryAfterMs: 7000,
    })
  })

  it('429 with Retry-After as an HTTP date', async () => {
    fake.fault({ status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' })
    const timed = plexClientOnFake(fake, { now: () => NOW })
    expect(errorOf(await timed.checkPin(123456789)).retryAfterMs).toBe(30_000)
  })

  it('429 with a date in the past means now', async () => {
    fake.fault({ status: 429, retryAfter: 'Wed, 21 Oct 2015 07:00:00 GMT' })
    expect(errorOf(await plexClientOnFake(fake, { now: () => NOW }).checkPin(123456789)).retryAfterMs).toBe(0)
  })

  it.each([['no Retry-After', undefined], ['an unreadable Retry-After', 'soon-ish'], ['a negative one', '-5']])(
    '429 with %s has no retryAfterMs',
    async (_, retryAfter) => {
      fake.fault({ status: 429, ...(retryAfter !== undefined ? { retryAfter } : {}) })
      const error = errorOf(await client.checkPin(123456789))
      expect(error.code).toBe('rate-limited')
      expect(error).not.toHaveProperty('retryAfterMs')
    },
  )
})

describe('pin-expired', () => {
  it('an unknown PIN is 404/1020', async () => {
    expect(errorOf(await client.checkPin(123456789))).toEqual({
      code: 'pin-expired',
      message: 'This sign-in code has expired or is no longer known to plex.tv.',
      retryable: false,
      status: 404,
      plexCode: 1020,
    })
  })

  it('a PIN polled with another client id is 404/1020', async () => {
    const id = await newPinId()
    const stranger = plexClientOnFake(fake, { identity: testIdentity({ clientId: 'b2c1a7a4-2f43-4c61-9d6e-0a1b2c3d4e5f' }) })
    expect(errorOf(await stranger.checkPin(id))).toMatchObject({ code: 'pin-expired', plexCode: 1020 })
    expect((await client.checkPin(id)).ok).toBe(true)
  })

  it('a PIN past its lifetime is 404/1020', async () => {
    const id = await newPinId()
    const expiresAt = fake.pins()[0]?.expiresAt ?? 0
    // At plex.tv, the last millisecond of the PIN's life, then the moment it ends.
    plexStoppedAt = expiresAt - 1
    expect((await client.checkPin(id)).ok).toBe(true)
    plexStoppedAt = expiresAt
    expect(errorOf(await client.checkPin(id)).code).toBe('pin-expired')
  })

  it('an id plex.tv could never issue is refused without asking', async () => {
    for (const id of [0, -1, 1.5, Number.NaN]) expect(errorOf(await client.checkPin(id)).code).toBe('pin-expired')
    expect(fake.requests).toHaveLength(0)
  })
})

describe('token-rejected', () => {
  it('401/1001 for an unknown token', async () => {
    expect(errorOf(await client.getUser('not-a-real-token'))).toEqual({
      code: 'token-rejected',
      message: 'plex.tv no longer accepts this sign-in. Please sign in again.',
      retryable: false,
      status: 401,
      plexCode: 1001,
    })
  })

  it('401 for a revoked token, on every token call', async () => {
    const t = await token()
    fake.revoke(t)
    expect(errorOf(await client.getUser(t)).code).toBe('token-rejected')
    expect(errorOf(await client.getResources(t)).code).toBe('token-rejected')
    expect(errorOf(await client.signOut(t)).code).toBe('token-rejected')
  })

  it('422 "Invalid token" in XML or JSON, and 498', async () => {
    const t = await token()
    fake.fault({ status: 422, body: '<?xml version="1.0"?><errors><error>Invalid token</error></errors>', times: 1 })
    expect(errorOf(await client.getUser(t))).toMatchObject({ code: 'token-rejected', status: 422 })
    fake.fault({ status: 422, body: '{"errors":[{"code":1099,"message":"Invalid token"}]}', times: 1 })
    expect(errorOf(await client.getResources(t))).toMatchObject({ code: 'token-rejected', status: 422, plexCode: 1099 })
    fake.fault({ status: 498, body: '', times: 1 })
    expect(errorOf(await client.getUser(t))).toMatchObject({ code: 'token-rejected', status: 498 })
  })

  it('a 401 whose XML names a character that cannot exist is still a rejection, not an unreadable answer', async () => {
    const t = await token()
    for (const entity of ['&#99999999;', '&#x110000;', '&#xD800;', '&#9999999999999;']) {
      fake.fault({ status: 401, body: `<errors><error code="1001" message="bad ${entity} token &amp; more"/></errors>`, times: 1 })
      expect(errorOf(await client.getUser(t))).toMatchObject({ code: 'token-rejected', status: 401, plexCode: 1001 })
    }
    fake.fault({ status: 400, body: '<errors><error code="1000" message="a&#99999999;b &#x263A; c"/></errors>', times: 1 })
    expect(errorOf(await client.createPin({ strong: true })).message).toBe('plex.tv answered with an error (HTTP 400: ab ☺ c).')
  })

  it('a token that cannot be sent as a header is rejected without a request', async () => {
    for (const bad of ['', 'two words', 'line\nbreak', 'naïve']) {
      expect(errorOf(await client.getUser(bad)).code).toBe('token-rejected')
    }
    expect(fake.requests).toHaveLength(0)
  })

  it('other 422s and a 401 on a PIN call are plain plex errors', async () => {
    const t = await token()
    fake.fault({ status: 422, body: '{"errors":[{"code":1050,"message":"Thumbprint Already Taken"}]}', times: 1 })
    expect(errorOf(await client.getUser(t))).toMatchObject({ code: 'plex-error', status: 422, plexCode: 1050 })
    fake.fault({ path: '/api/v2/pins', status: 401, times: 1 })
    expect(errorOf(await client.createPin({ strong: true }))).toMatchObject({ code: 'plex-error', status: 401 })
  })
})

describe('bad-response', () => {
  it('malformed JSON', async () => {
    fake.fault({ malformed: true })
    expect(errorOf(await client.createPin({ strong: true }))).toEqual({
      code: 'bad-response',
      message: 'plex.tv sent an answer Plexkey could not read (it was not valid JSON).',
      retryable: true,
      status: 200,
    })
  })

  it('an XML body where JSON was asked for', async () => {
    const xml = await (await fetch(`${fake.url}/api/v2/pins?strong=true`, { method: 'POST', headers: { 'X-Plex-Client-Identifier': identity.clientId } })).text()
    expect(xml).toMatch(/^<\?xml/)
    fake.fault({ path: '/api/v2/pins', status: 201, body: xml, contentType: 'application/xml' })
    expect(errorOf(await client.createPin({ strong: true })).message).toContain('it was XML, not JSON')
  })

  it('a body larger than the cap, streamed without Content-Length', async () => {
    const t = await token()
    fake.fault({ oversizedBytes: 3 * 1024 * 1024 })
    expect(errorOf(await client.getUser(t))).toMatchObject({ code: 'bad-response', message: expect.stringContaining('too large') })
  })

  it('a body larger than the cap, announced by Content-Length', async () => {
    fake.fault({ status: 200, body: JSON.stringify({ padding: 'x'.repeat(5000) }) })
    const small = plexClientOnFake(fake, { maxResponseBytes: 1000 })
    expect(errorOf(await small.getResources('some-token-value')).message).toContain('too large')
  })

  it('a redirect is not followed: it would carry the token elsewhere', async () => {
    fake.fault({ path: '/api/v2/user', status: 302, headers: { Location: 'https://elsewhere.example/steal' } })
    expect(errorOf(await client.getUser('some-token-value'))).toMatchObject({ code: 'bad-response', status: 302 })
    expect(fake.requests).toHaveLength(1)
  })

  const pinFields = { id: 1272322473, code: '7RQZ', clientIdentifier: identity.clientId, expiresAt: '2030-01-01T00:00:00Z', authToken: null }

  it.each([
    ['a PIN without its code', { ...pinFields, code: undefined }],
    ['a PIN with a string id', { ...pinFields, id: '1272322473' }],
    ['a PIN with no expiry at all', { ...pinFields, expiresAt: undefined }],
    ['a PIN with an unreadable expiry and no expiresIn', { ...pinFields, expiresAt: 'soon' }],
    ['a JSON array instead of a PIN', [pinFields]],
    ['a PIN with a 2,400-character code', { ...pinFields, code: 'A'.repeat(2400) }],
    ['a PIN whose code holds a terminal escape', { ...pinFields, code: '7R\u001b]0;x\u0007' }],
    ['a PIN with a 100 KB client identifier', { ...pinFields, clientIdentifier: 'c'.repeat(100_000) }],
  ])('missing or mistyped required fields: %s', async (_, body) => {
    fake.fault({ status: 201, body: JSON.stringify(body) })
    expect(errorOf(await client.createPin({ strong: false }))).toMatchObject({
      code: 'bad-response',
      message: 'plex.tv sent an answer Plexkey could not read (expected fields were missing or wrong).',
    })
  })

  it('a user whose fields pass any sane length', async () => {
    const t = await token()
    const user = { id: 1, uuid: 'u1', username: 'ada', title: 'Ada', email: 'a@example.com', thumb: null }
    for (const field of ['uuid', 'username', 'title', 'email', 'thumb'] as const) {
      fake.fault({ path: '/api/v2/user', status: 200, body: JSON.stringify({ ...user, [field]: 'x'.repeat(5000) }), times: 1 })
      expect(errorOf(await client.getUser(t)).code).toBe('bad-response')
    }
  })

  it('a user without a uuid, resources without a client identifier', async () => {
    fake.fault({ path: '/api/v2/user', status: 200, body: JSON.stringify({ id: 1, username: 'a', title: 'A', email: 'e' }) })
    fake.fault({ path: '/api/v2/resources', status: 200, body: JSON.stringify([{ name: 'x', product: 'p', provides: 'server', owned: true, presence: true }]) })
    expect(errorOf(await client.getUser('some-token-value')).code).toBe('bad-response')
    expect(errorOf(await client.getResources('some-token-value')).code).toBe('bad-response')
  })
})

describe('tolerance', () => {
  it('ignores unknown fields, whatever their type', async () => {
    fake.fault({
      status: 201,
      body: JSON.stringify({ id: 1272322473, code: '7RQZ', clientIdentifier: identity.clientId, expiresAt: '2030-01-01T00:00:00Z', authToken: null, futureField: { a: [1] }, jwk: null }),
    })
    expect(await client.createPin({ strong: false })).toEqual({
      ok: true,
      value: { id: 1272322473, code: '7RQZ', clientIdentifier: identity.clientId, expiresAt: Date.UTC(2030, 0, 1), authToken: null },
    })
  })

  it('works out the expiry from expiresIn when expiresAt is missing, and treats an empty token as none', async () => {
    fake.fault({ status: 200, body: JSON.stringify({ id: 1272322473, code: '7RQZ', clientIdentifier: identity.clientId, expiresIn: 876, authToken: '' }) })
    const result = await plexClientOnFake(fake, { now: () => NOW }).checkPin(1272322473)
    expect(result).toEqual({ ok: true, value: { id: 1272322473, code: '7RQZ', clientIdentifier: identity.clientId, expiresAt: NOW + 876_000, authToken: null } })
  })

  it('reads a user with a null email and thumb, and an empty title', async () => {
    fake.fault({ status: 200, body: JSON.stringify({ id: 7, uuid: 'u', username: 'kid', title: '', email: null, thumb: null, subscription: null }) })
    expect(await client.getUser('some-token-value')).toEqual({
      ok: true,
      value: { id: 7, uuid: 'u', username: 'kid', title: 'kid', email: '', thumb: null, hasPlexPass: false },
    })
  })
})

describe('plex-error', () => {
  it('a 5xx keeps its status and Plex code, says what plex.tv said, and is retryable', async () => {
    fake.fault({ status: 500, plexCode: 1234, body: '{"errors":[{"code":1234,"message":"Something broke\\nbadly","status":500}]}' })
    expect(errorOf(await client.createPin({ strong: true }))).toEqual({
      code: 'plex-error',
      message: 'plex.tv answered with an error (HTTP 500: Something broke badly).',
      retryable: true,
      status: 500,
      plexCode: 1234,
    })
  })

  it('a message with C1, DEL or bidi controls is flattened to spaces, in JSON and in XML', async () => {
    const hostile = 'one\u009b2Jtwo\u007fthree\u202efour\u2066five\u009d8;;https://evil.example\u0007six'
    fake.fault({ status: 500, body: JSON.stringify({ errors: [{ code: 1, message: hostile }] }), times: 1 })
    const fromJson = errorOf(await client.createPin({ strong: true })).message
    expect(fromJson).toBe('plex.tv answered with an error (HTTP 500: one 2Jtwo three four five 8;;https://evil.example six).')
    fake.fault({ status: 500, body: '<errors><error code="1" message="a&#155;2Jb&#x202E;c"/></errors>', times: 1 })
    expect(errorOf(await client.createPin({ strong: true })).message).toBe('plex.tv answered with an error (HTTP 500: a 2Jb c).')
  })

  it('a 503 carries Retry-After', async () => {
    fake.fault({ status: 503, retryAfter: '12' })
    expect(errorOf(await client.checkPin(123456789))).toMatchObject({ code: 'plex-error', status: 503, retryAfterMs: 12_000, retryable: true })
  })

  it('a 4xx without special meaning is not retryable; an XML error body is read too', async () => {
    fake.fault({ status: 400, body: '<errors><error code="1000" message="X-Plex-Client-Identifier is missing" status="400"/></errors>' })
    expect(errorOf(await client.createPin({ strong: true }))).toEqual({
      code: 'plex-error',
      message: 'plex.tv answered with an error (HTTP 400: X-Plex-Client-Identifier is missing).',
      retryable: false,
      status: 400,
      plexCode: 1000,
    })
  })

  it('a 404 outside PIN calls is not a PIN expiry', async () => {
    fake.fault({ path: '/api/v2/user', status: 404 })
    expect(errorOf(await client.getUser('some-token-value'))).toMatchObject({ code: 'plex-error', status: 404 })
  })
})
