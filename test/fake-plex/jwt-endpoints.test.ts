import { createLocalJWKSet, jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakePlexControl } from './control-client'
import { claimsOf, type TestDeviceKey, tamper, testDeviceJwt, testDeviceKey } from './jwt-helpers'
import { type FakePlex, startFakePlex } from './server'

// The device-key endpoints of the fake plex.tv, over raw HTTP, with a client made of jose calls.

let fake: FakePlex
let key: TestDeviceKey
/** Where a test has stopped the fake's clock (null: the wall clock): expiry without waiting for it. */
let stoppedAt: number | null = null
const CLIENT = '0d7c54a2-3a5e-4b8e-9a55-5f1d2b7c8e90'
const OTHER = 'a3c1e0f2-9b8d-4c7a-8e6f-1b2c3d4e5f60'
const headers = (clientId = CLIENT): Record<string, string> => ({
  Accept: 'application/json',
  'X-Plex-Client-Identifier': clientId,
  'X-Plex-Product': 'Plexkey',
})

beforeEach(async () => {
  stoppedAt = null
  fake = await startFakePlex({ jwtSec: 3600, now: () => stoppedAt ?? Date.now() })
  key = await testDeviceKey()
})
afterEach(async () => {
  await fake.close()
})

async function http(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(`${fake.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.headers ?? headers()), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> }
}

async function keyPin(k: TestDeviceKey = key, clientId = CLIENT, strong = true): Promise<number> {
  const res = await http('/api/v2/pins', { method: 'POST', headers: headers(clientId), body: { jwk: k.jwk, strong } })
  expect(res.status).toBe(201)
  return res.json['id'] as number
}

async function nonce(clientId = CLIENT): Promise<string> {
  const res = await http('/api/v2/auth/nonce', { headers: headers(clientId) })
  expect(res.status).toBe(200)
  return res.json['nonce'] as string
}

const poll = (id: number, deviceJWT?: string) =>
  http(`/api/v2/pins/${id}${deviceJWT ? `?deviceJWT=${encodeURIComponent(deviceJWT)}` : ''}`)

async function verifyPlexJwt(token: string) {
  const { json } = await http('/api/v2/auth/keys')
  const keys = createLocalJWKSet(json as unknown as { keys: [] })
  return (await jwtVerify(token, keys, { issuer: 'plex.tv', audience: CLIENT, algorithms: ['EdDSA'] })).payload
}

/** Signs in with the device key and returns the Plex JWT the approved PIN carries. */
async function signIn(username = 'kay'): Promise<string> {
  const id = await keyPin()
  await fake.approveJwt(id, { username, uuid: `${username}-uuid` })
  const res = await poll(id, await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce() }))
  expect(res.status).toBe(200)
  return res.json['authToken'] as string
}

describe('PINs with a device key', () => {
  it('records the key with the PIN, shows it only to the key holder, and carries a Plex JWT once approved', async () => {
    const id = await keyPin(key, CLIENT, true)
    const pin = fake.pins()[0]
    expect(pin).toMatchObject({ id, strong: true, thumbprint: key.thumbprint, jwk: { kty: 'OKP', crv: 'Ed25519', x: key.jwk.x } })
    expect(pin?.code).toMatch(/^[a-z0-9]{25}$/)
    expect(fake.deviceKeys()).toEqual([{ clientId: CLIENT, thumbprint: key.thumbprint, revoked: false }])

    expect((await poll(id)).status).toBe(400)
    const stranger = await testDeviceKey()
    expect((await poll(id, await testDeviceJwt(stranger, { clientId: CLIENT, nonce: await nonce() }))).status).toBe(422)
    const past = Math.floor(Date.now() / 1000) - 600
    expect((await poll(id, await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce(), iatSec: past, expSec: past + 300 }))).status).toBe(498)
    expect((await poll(id, await testDeviceJwt(key, { clientId: CLIENT, nonce: 'made-up' }))).status).toBe(400)

    const device = await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce() })
    expect((await poll(id, device)).json['authToken']).toBeNull()
    expect(() => fake.approve(id)).toThrow(/device key/)
    const token = await fake.approveJwt(id, { username: 'kay', uuid: 'kay-uuid' })
    // The same device JWT (same nonce) serves every poll of this one PIN.
    const approved = await poll(id, device)
    expect(approved.json['authToken']).toBe(token)

    const claims = await verifyPlexJwt(token)
    expect(claims).toMatchObject({ iss: 'plex.tv', aud: ['plex.tv', CLIENT], thumbprint: key.thumbprint, user: { username: 'kay', uuid: 'kay-uuid' } })
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600)
    const user = await http('/api/v2/user', { headers: { ...headers(), 'X-Plex-Token': token } })
    expect(user.json).toMatchObject({ username: 'kay' })
  })

  it('a plex.tv/link PIN with a key: 4 characters, approved through the control API', async () => {
    const id = await keyPin(key, CLIENT, false)
    expect(fake.pins()[0]?.code).toMatch(/^[A-Z0-9]{4}$/)
    const token = await fakePlexControl(fake.url).approve(id, { username: 'lin' })
    expect(claimsOf(token)).toMatchObject({ thumbprint: key.thumbprint, user: { username: 'lin' } })
  })

  it('refuses a key registered to another client id (422 thumbprint already taken) and a malformed key (400)', async () => {
    await keyPin(key, CLIENT)
    const taken = await http('/api/v2/pins', { method: 'POST', headers: headers(OTHER), body: { jwk: key.jwk, strong: true } })
    expect(taken.status).toBe(422)
    expect(JSON.stringify(taken.json)).toMatch(/Thumbprint Already Taken/i)
    const bad = await http('/api/v2/pins', { method: 'POST', body: { jwk: { kty: 'RSA', n: 'x', e: 'AQAB' } } })
    expect(bad.status).toBe(400)
    // The same client id may register the key again (a new sign-in).
    await keyPin(key, CLIENT)
  })
})

describe('a key named by a kid of the client\'s own choosing', () => {
  it('signs in and refreshes python-plexapi\'s way: the Plex JWT names the key by the registered kid', async () => {
    key = await testDeviceKey('python-plexapi')
    expect(key.thumbprint).toMatch(/^[0-9a-f]{64}$/)
    const signedIn = await verifyPlexJwt(await signIn())
    // What python-plexapi checks before trusting the token: "signed with a different key" otherwise.
    expect(signedIn['thumbprint']).toBe(key.jwk.kid)
    expect(fake.deviceKeys()).toEqual([{ clientId: CLIENT, thumbprint: key.jwk.kid, revoked: false }])

    const refreshed = await http('/api/v2/auth/token', { method: 'POST', body: { jwt: await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce() }) } })
    expect(refreshed.status).toBe(200)
    expect(await verifyPlexJwt(refreshed.json['auth_token'] as string)).toMatchObject({ thumbprint: key.jwk.kid, user: { username: 'kay' } })
  })

  it('refuses the same kid from another client id, and a kid that is no printable name', async () => {
    key = await testDeviceKey('python-plexapi')
    await keyPin(key, CLIENT)
    const other = await testDeviceKey('python-plexapi')
    const sameKid = { ...other.jwk, kid: key.jwk.kid }
    expect((await http('/api/v2/pins', { method: 'POST', headers: headers(OTHER), body: { jwk: sameKid, strong: true } })).status).toBe(422)
    for (const kid of ['', 'a b', 'x'.repeat(129), 7]) {
      expect((await http('/api/v2/pins', { method: 'POST', headers: headers(OTHER), body: { jwk: { ...other.jwk, kid }, strong: true } })).status).toBe(400)
    }
  })
})

describe('refreshing: nonce, token, keys', () => {
  it('exchanges a device JWT over a fresh nonce for a new Plex JWT; each nonce works once', async () => {
    const first = await signIn()
    const n = await nonce()
    const refreshed = await http('/api/v2/auth/token', { method: 'POST', body: { jwt: await testDeviceJwt(key, { clientId: CLIENT, nonce: n }) } })
    expect(refreshed.status).toBe(200)
    const token = refreshed.json['auth_token'] as string
    expect(token).not.toBe(first)
    expect(await verifyPlexJwt(token)).toMatchObject({ thumbprint: key.thumbprint, user: { username: 'kay' } })

    const again = await http('/api/v2/auth/token', { method: 'POST', body: { jwt: await testDeviceJwt(key, { clientId: CLIENT, nonce: n }) } })
    expect(again.status).toBe(400)
    const foreign = await nonce(OTHER)
    const notTheirs = await http('/api/v2/auth/token', { method: 'POST', body: { jwt: await testDeviceJwt(key, { clientId: CLIENT, nonce: foreign }) } })
    expect(notTheirs.status).toBe(400)
  })

  it('nonces expire after 5 minutes, on the fake\'s clock', async () => {
    stoppedAt = Date.now()
    await signIn()
    const [inTime, late] = [await nonce(), await nonce()]
    const exchange = async (n: string) => {
      const jwt = await testDeviceJwt(key, { clientId: CLIENT, nonce: n, iatSec: Math.floor((stoppedAt ?? 0) / 1000) })
      return (await http('/api/v2/auth/token', { method: 'POST', body: { jwt } })).status
    }
    stoppedAt += 5 * 60_000 - 1
    expect(await exchange(inTime)).toBe(200)
    stoppedAt += 1
    expect(await exchange(late)).toBe(400)
  })

  it('422 for a bad signature, an unknown key or a revoked one; 498 for an expired device JWT', async () => {
    const exchange = async (jwt: string, clientId = CLIENT) =>
      (await http('/api/v2/auth/token', { method: 'POST', headers: headers(clientId), body: { jwt } })).status
    expect(await exchange(await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce() }))).toBe(422) // nothing registered yet
    await signIn()
    const stranger = await testDeviceKey()
    expect(await exchange(await testDeviceJwt(stranger, { clientId: CLIENT, nonce: await nonce() }))).toBe(422)
    expect(await exchange(await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce(), aud: 'elsewhere' }))).toBe(422)
    const past = Math.floor(Date.now() / 1000) - 600
    expect(await exchange(await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce(), iatSec: past, expSec: past + 300 }))).toBe(498)
    fake.revokeDeviceKey(CLIENT)
    expect(fake.deviceKeys()[0]?.revoked).toBe(true)
    expect(await exchange(await testDeviceJwt(key, { clientId: CLIENT, nonce: await nonce() }))).toBe(422)
  })

  it('lists the current and the previous signing key; rotation signs new tokens with the new one', async () => {
    const before = await http('/api/v2/auth/keys')
    const keys = before.json['keys'] as { kid: string; kty: string; crv: string; alg: string; d?: string }[]
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(keys[0]?.d).toBeUndefined()
    const oldToken = await signIn()

    await fake.rotateSigningKey()
    const after = (await http('/api/v2/auth/keys')).json['keys'] as { kid: string }[]
    expect(after.map((k) => k.kid)).toEqual([expect.not.stringMatching(keys[0]?.kid ?? ''), keys[0]?.kid])
    const n = await nonce()
    const newToken = (await http('/api/v2/auth/token', { method: 'POST', body: { jwt: await testDeviceJwt(key, { clientId: CLIENT, nonce: n }) } })).json['auth_token'] as string
    const header = (t: string) => JSON.parse(Buffer.from(t.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }
    expect(header(newToken).kid).toBe(after[0]?.kid)
    expect(header(oldToken).kid).toBe(keys[0]?.kid)
    await verifyPlexJwt(oldToken)
    await verifyPlexJwt(newToken)

    await fake.rotateSigningKey()
    await expect(verifyPlexJwt(oldToken)).rejects.toThrow()
  })
})

describe('Plex JWTs as X-Plex-Token', () => {
  it('accepts a live one, answers 498 once it has expired and 401 for a tampered one', async () => {
    fake.setJwtLifetime(60)
    const token = await signIn()
    const user = (t: string) => http('/api/v2/user', { headers: { ...headers(), 'X-Plex-Token': t } })
    expect((await user(token)).status).toBe(200)
    expect((await user(tamper(token, { user: { username: 'mallory' } }))).status).toBe(401)
    const expiresAt = (claimsOf(token)['exp'] as number) * 1000
    stoppedAt = expiresAt - 1
    expect((await user(token)).status).toBe(200)
    stoppedAt = expiresAt
    expect((await user(token)).status).toBe(498)
  })

  it('issuing a JWT for a client id retires its legacy token', async () => {
    const legacy = await http('/api/v2/pins?strong=true', { method: 'POST' })
    const legacyToken = fake.approve(legacy.json['id'] as number)
    const user = (t: string) => http('/api/v2/user', { headers: { ...headers(), 'X-Plex-Token': t } })
    expect((await user(legacyToken)).status).toBe(200)
    await signIn()
    expect((await user(legacyToken)).status).toBe(401)
  })
})

describe('control API', () => {
  it('rotates, revokes, sets the lifetime and lists device keys over HTTP', async () => {
    const control = fakePlexControl(fake.url)
    const first = await signIn()
    await control.setJwtLifetime(120)
    await control.rotateSigningKey()
    expect(((await http('/api/v2/auth/keys')).json['keys'] as unknown[]).length).toBe(2)
    const n = await nonce()
    const next = (await http('/api/v2/auth/token', { method: 'POST', body: { jwt: await testDeviceJwt(key, { clientId: CLIENT, nonce: n }) } })).json['auth_token'] as string
    const claims = claimsOf(next) as { exp: number; iat: number }
    expect(claims.exp - claims.iat).toBe(120)
    expect(claimsOf(first)['jti']).not.toBe(claimsOf(next)['jti'])
    await control.revokeDeviceKey(CLIENT)
    expect(await control.deviceKeys()).toEqual([{ clientId: CLIENT, thumbprint: key.thumbprint, revoked: true }])
  })
})
