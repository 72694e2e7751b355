import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../main/core/log'
import { createPlexClient } from '../../main/core/plex/plex-client'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { type TestDeviceKey, testDeviceJwt, testDeviceKey } from '../fake-plex/jwt-helpers'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf, unwrap } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

// The JWT calls of the real plex.tv client, over real HTTP against the fake plex.tv.

let fake: FakePlex
let client: PlexClient
let key: TestDeviceKey
let logLines: string[]
const identity = testIdentity()

beforeEach(async () => {
  fake = await startFakePlex()
  key = await testDeviceKey()
  logLines = []
  client = plexClientOnFake(fake, { identity, logger: createLogger('plex', { level: 'debug', sink: (l) => logLines.push(l) }) })
})
afterEach(async () => {
  await fake.close()
})

describe('device-key PINs', () => {
  it('creates a PIN with the key in a JSON body and polls it with a device JWT', async () => {
    const pin = unwrap(await client.createPin({ strong: true, jwk: key.jwk }))
    expect(pin.code).toMatch(/^[a-z0-9]{25}$/)
    const created = fake.requests.find((r) => r.method === 'POST' && r.path === '/api/v2/pins')
    expect(created?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(created?.body ?? '')).toEqual({ jwk: key.jwk, strong: true })
    expect(created?.query).toEqual({})

    const deviceJWT = await testDeviceJwt(key, { clientId: identity.clientId, nonce: unwrap(await client.getNonce()) })
    expect(unwrap(await client.checkPin(pin.id, { deviceJWT })).authToken).toBeNull()
    const token = await fake.approveJwt(pin.id)
    expect(unwrap(await client.checkPin(pin.id, { deviceJWT })).authToken).toBe(token)
    const polls = fake.requests.filter((r) => r.path === `/api/v2/pins/${pin.id}`)
    expect(polls.map((r) => r.query['deviceJWT'])).toEqual([deviceJWT, deviceJWT])

    // Neither the device JWT nor the Plex JWT reaches a log line.
    const logs = logLines.join('\n')
    expect(logs).toContain(`GET /api/v2/pins/${pin.id}`)
    expect(logs).not.toContain(deviceJWT)
    expect(logs).not.toContain(token)
  })

  it('a plex.tv/link PIN with a key leaves `strong` out, as Plex’s guide does', async () => {
    const pin = unwrap(await client.createPin({ strong: false, jwk: key.jwk }))
    expect(pin.code).toMatch(/^[A-Z0-9]{4}$/)
    expect(JSON.parse(fake.requests[0]?.body ?? '')).toEqual({ jwk: key.jwk })
  })

  it('maps the device-key answers: 422 key taken -> plex-error, 498 expired device JWT -> marked token-rejected', async () => {
    const other = plexClientOnFake(fake, { identity: testIdentity({ clientId: 'b1b2b3b4-0000-4000-8000-000000000000' }) })
    const pin = unwrap(await client.createPin({ strong: true, jwk: key.jwk }))
    expect(errorOf(await other.createPin({ strong: true, jwk: key.jwk }))).toMatchObject({
      code: 'plex-error',
      status: 422,
      retryable: false,
      message: expect.stringMatching(/Thumbprint Already Taken/),
    })
    const past = Math.floor(Date.now() / 1000) - 600
    const stale = await testDeviceJwt(key, { clientId: identity.clientId, nonce: unwrap(await client.getNonce()), iatSec: past, expSec: past + 300 })
    expect(errorOf(await client.checkPin(pin.id, { deviceJWT: stale }))).toMatchObject({ code: 'token-rejected', status: 498, tokenExpired: true })
  })
})

describe('nonce, token exchange and keys', () => {
  it('gets a nonce, exchanges a device JWT for a Plex JWT, and reads the signing keys', async () => {
    const pin = unwrap(await client.createPin({ strong: true, jwk: key.jwk }))
    await fake.approveJwt(pin.id, { username: 'jo' })
    const nonce = unwrap(await client.getNonce())
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/)
    const device = await testDeviceJwt(key, { clientId: identity.clientId, nonce })
    const token = unwrap(await client.exchangeToken(device))
    expect(token.split('.')).toHaveLength(3)
    expect(unwrap(await client.getUser(token))).toMatchObject({ username: 'jo' })
    const exchange = fake.requests.find((r) => r.path === '/api/v2/auth/token')
    expect(JSON.parse(exchange?.body ?? '')).toEqual({ jwt: device })
    expect(exchange?.headers['x-plex-client-identifier']).toBe(identity.clientId)

    const keys = unwrap(await client.getAuthKeys())
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })
    expect(logLines.join('\n')).not.toContain(token)
    expect(logLines.join('\n')).not.toContain(device)
  })

  it('maps refresh failures: 422 -> token-rejected (for good), 498 -> marked, 429 -> rate-limited, 400 -> plex-error', async () => {
    const pin = unwrap(await client.createPin({ strong: true, jwk: key.jwk }))
    await fake.approveJwt(pin.id)
    const sign = async () => testDeviceJwt(key, { clientId: identity.clientId, nonce: unwrap(await client.getNonce()) })

    const stranger = await testDeviceKey()
    const forged = await testDeviceJwt(stranger, { clientId: identity.clientId, nonce: unwrap(await client.getNonce()) })
    const rejected = errorOf(await client.exchangeToken(forged))
    expect(rejected).toMatchObject({ code: 'token-rejected', status: 422, retryable: false })
    expect(rejected).not.toHaveProperty('tokenExpired')

    fake.fault({ path: '/api/v2/auth/token', status: 498, times: 1 })
    expect(errorOf(await client.exchangeToken(await sign()))).toMatchObject({ code: 'token-rejected', tokenExpired: true })
    fake.fault({ path: '/api/v2/auth/nonce', status: 429, retryAfter: '7', times: 1 })
    expect(errorOf(await client.getNonce())).toMatchObject({ code: 'rate-limited', retryAfterMs: 7_000 })

    const device = await sign()
    unwrap(await client.exchangeToken(device))
    expect(errorOf(await client.exchangeToken(device))).toMatchObject({ code: 'plex-error', status: 400 })
  })

  it('validates the answers: a missing field is a bad response', async () => {
    fake.fault({ path: '/api/v2/auth/nonce', status: 200, body: '{"nonse":"x"}', times: 1 })
    expect(errorOf(await client.getNonce())).toMatchObject({ code: 'bad-response' })
    fake.fault({ path: '/api/v2/auth/keys', status: 200, body: '{"keys":[{"kid":"k"}]}', times: 1 })
    expect(errorOf(await client.getAuthKeys())).toMatchObject({ code: 'bad-response' })
    fake.fault({ path: '/api/v2/auth/token', status: 200, body: '{"token":"x"}', times: 1 })
    expect(errorOf(await client.exchangeToken('a.b.c'))).toMatchObject({ code: 'bad-response' })
  })

  it('refuses signing keys past any sane size: a 10,000-character kid, or a thousand keys', async () => {
    const key = { kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43), alg: 'EdDSA', use: 'sig' }
    fake.fault({ path: '/api/v2/auth/keys', status: 200, body: JSON.stringify({ keys: [{ ...key, kid: 'k'.repeat(10_000) }] }), times: 1 })
    expect(errorOf(await client.getAuthKeys())).toMatchObject({ code: 'bad-response' })
    fake.fault({ path: '/api/v2/auth/keys', status: 200, body: JSON.stringify({ keys: Array.from({ length: 1000 }, (_, i) => ({ ...key, kid: `k${i}` })) }), times: 1 })
    expect(errorOf(await client.getAuthKeys())).toMatchObject({ code: 'bad-response' })
  })

  it('sends the JWT calls to the clients.plex.tv host', async () => {
    const seen: string[] = []
    const c = createPlexClient({
      identity,
      fetch: (url, init) => {
        seen.push(`${init.method} ${url.split('?')[0]}`)
        return Promise.resolve(new Response('{}', { status: 503 }))
      },
      endpoints: { api: 'https://plex.example', clients: 'https://clients.plex.example', auth: 'https://app.plex.example/auth' },
    })
    await c.createPin({ strong: true })
    await c.createPin({ strong: true, jwk: key.jwk })
    await c.checkPin(1, { deviceJWT: 'a.b.c' })
    await c.getNonce()
    await c.exchangeToken('a.b.c')
    await c.getAuthKeys()
    expect(seen).toEqual([
      'POST https://plex.example/api/v2/pins',
      'POST https://clients.plex.example/api/v2/pins',
      'GET https://clients.plex.example/api/v2/pins/1',
      'GET https://clients.plex.example/api/v2/auth/nonce',
      'POST https://clients.plex.example/api/v2/auth/token',
      'GET https://clients.plex.example/api/v2/auth/keys',
    ])
  })
})
