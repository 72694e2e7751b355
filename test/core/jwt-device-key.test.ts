import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../main/core/clock'
import { createDeviceJwtSource, signDeviceJwt } from '../../main/core/jwt/device-jwt'
import {
  deviceKeySecretName,
  loadExistingDeviceKey,
  loadOrCreateDeviceKey,
  readDeviceKey,
} from '../../main/core/jwt/device-key'
import { createLogger } from '../../main/core/log'
import { resolvePlexEndpoints } from '../../main/core/plex/endpoints'
import { createPlexClient } from '../../main/core/plex/plex-client'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { createMemoryVault, type MemoryVault } from '../support/memory-vault'
import { testIdentity } from '../support/test-identity'

// The device key in the vault, and the device JWTs signed with it.

const CLIENT = testIdentity().clientId
let vault: MemoryVault
let logLines: string[]
const logger = () => createLogger('jwt', { level: 'debug', sink: (l) => logLines.push(l) })

beforeEach(() => {
  vault = createMemoryVault()
  logLines = []
})

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

const stored = async (clientId = CLIENT) => unwrap(await vault.getSecret(deviceKeySecretName(clientId)))

describe('the device key', () => {
  it('is made once per client id, kept only in the vault, and loaded again the same', async () => {
    const first = unwrap(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() }))
    const raw = await stored()
    const jwk = JSON.parse(raw ?? '') as Record<string, string>
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'd', 'kty', 'x'])
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: first.publicJwk.x })

    // kid is the RFC 7638 thumbprint of the public key, computed here independently.
    expect(first.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: first.publicJwk.x }))
    expect(first.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: first.publicJwk.x, kid: first.kid, use: 'sig', alg: 'EdDSA' })

    const again = unwrap(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() }))
    expect(again.kid).toBe(first.kid)
    expect(await stored()).toBe(raw)
    expect(unwrap(await loadExistingDeviceKey({ vault, clientId: CLIENT, logger: logger() })).kid).toBe(first.kid)

    const other = unwrap(await loadOrCreateDeviceKey({ vault, clientId: 'another-client', logger: logger() }))
    expect(other.kid).not.toBe(first.kid)
    expect(logLines.join('\n')).not.toContain(jwk['d'])
  })

  it('signs device JWTs anyone can verify with the public JWK: kid, EdDSA, nonce, scope, aud, iss, 5 minutes', async () => {
    const key = unwrap(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() }))
    const now = Date.now()
    const { jwt, expiresAt } = await signDeviceJwt(key, { clientId: CLIENT, nonce: 'n-1', now, lifetimeSec: 300 })
    expect(decodeProtectedHeader(jwt)).toEqual({ kid: key.kid, alg: 'EdDSA', typ: 'JWT' })
    const { payload } = await jwtVerify(jwt, await importJWK(key.publicJwk, 'EdDSA'), { issuer: CLIENT, audience: 'plex.tv' })
    const iat = Math.floor(now / 1000)
    expect(payload).toEqual({
      nonce: 'n-1',
      scope: 'username,email,friendly_name,restricted,anonymous,joinedAt',
      aud: 'plex.tv',
      iss: CLIENT,
      iat,
      exp: iat + 300,
    })
    expect(expiresAt).toBe((iat + 300) * 1000)
  })

  it.each([
    ['not JSON', 'garbage{'],
    ['not an Ed25519 private JWK', JSON.stringify({ kty: 'RSA', n: 'x' })],
    ['the private and public halves do not match', 'halves'],
  ])('a corrupt stored key (%s): refused for a refresh, replaced for a new sign-in', async (reason, value) => {
    let text = value
    if (value === 'halves') {
      const a = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey)
      const b = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey)
      text = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: a.x, d: b.d })
    }
    unwrap(await vault.setSecret(deviceKeySecretName(CLIENT), text))
    expect(unwrap(await readDeviceKey(vault, CLIENT))).toEqual({ kind: 'corrupt', reason })

    const forRefresh = await loadExistingDeviceKey({ vault, clientId: CLIENT, logger: logger() })
    expect(forRefresh).toMatchObject({ ok: false, permanent: true, error: { code: 'token-rejected', message: expect.stringMatching(/unreadable/) } })
    expect(await stored()).toBe(text) // a refresh never replaces the key

    const fresh = unwrap(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() }))
    expect(await stored()).not.toBe(text)
    expect(unwrap(await readDeviceKey(vault, CLIENT))).toMatchObject({ kind: 'found', key: { kid: fresh.kid } })
    expect(logLines.join('\n')).toMatch(/stored device key is unreadable/)
  })

  it('a missing key cannot refresh (permanent); a keychain that cannot be read is never taken for "missing"', async () => {
    expect(await loadExistingDeviceKey({ vault, clientId: CLIENT, logger: logger() })).toMatchObject({
      ok: false,
      permanent: true,
      error: { code: 'token-rejected' },
    })
    vault.failLoad = true
    expect(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() })).toMatchObject({ ok: false, error: { code: 'keychain' } })
    expect(await loadExistingDeviceKey({ vault, clientId: CLIENT, logger: logger() })).toMatchObject({ ok: false, permanent: false })
    vault.failLoad = false
    expect(await stored()).toBeNull()

    vault.failSave = true
    expect(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() })).toMatchObject({ ok: false, error: { code: 'keychain' } })
    vault.failSave = false
    expect(await stored()).toBeNull()
  })
})

describe('device JWTs for polling', () => {
  let fake: FakePlex
  beforeEach(async () => {
    fake = await startFakePlex()
  })
  afterEach(async () => {
    await fake.close()
  })

  it('reuses one until it nears expiry, then signs a new one over a fresh nonce; a 498 forces a new one', async () => {
    let offsetMs = 0
    const clock: Clock = { ...systemClock, now: () => Date.now() + offsetMs }
    const plex = createPlexClient({ identity: testIdentity(), fetch, endpoints: unwrap(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: fake.url })) })
    const key = unwrap(await loadOrCreateDeviceKey({ vault, clientId: CLIENT, logger: logger() }))
    const source = createDeviceJwtSource({ plex, clientId: CLIENT, clock, lifetimeSec: 300, renewBeforeSec: 60 })
    const signal = new AbortController().signal
    const nonces = () => fake.requests.filter((r) => r.path === '/api/v2/auth/nonce').length

    const first = unwrap(await source.current(key, signal))
    offsetMs = 200_000
    expect(unwrap(await source.current(key, signal))).toBe(first)
    expect(nonces()).toBe(1)
    offsetMs = 241_000 // 59 s left: inside the renewal window
    const second = unwrap(await source.current(key, signal))
    expect(second).not.toBe(first)
    expect(nonces()).toBe(2)
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { nonce: string }
    expect(claims(second).nonce).not.toBe(claims(first).nonce)

    source.invalidate()
    expect(unwrap(await source.current(key, signal))).not.toBe(second)
    expect(nonces()).toBe(3)

    fake.fault({ path: '/api/v2/auth/nonce', status: 503, times: 1 })
    source.invalidate()
    expect(await source.current(key, signal)).toMatchObject({ ok: false, error: { code: 'plex-error', status: 503 } })
  })
})
