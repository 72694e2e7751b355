import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../main/core/clock'
import { createPlexJwtVerifier, type PlexJwtVerifier } from '../../main/core/jwt/plex-jwt-verifier'
import { createLogger } from '../../main/core/log'
import { resolvePlexEndpoints } from '../../main/core/plex/endpoints'
import { createPlexClient } from '../../main/core/plex/plex-client'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { claimsOf, type TestDeviceKey, tamper, testDeviceJwt, testDeviceKey } from '../fake-plex/jwt-helpers'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { testIdentity } from '../support/test-identity'

// Verification of Plex JWTs against the fake plex.tv's published keys, over real HTTP.

let fake: FakePlex
let client: PlexClient
let key: TestDeviceKey
let offsetMs: number
let verifier: PlexJwtVerifier
const identity = testIdentity()
/** The system clock, moved forward by `offsetMs`, so tests can pass the refetch limit without waiting. */
const clock: Clock = { ...systemClock, now: () => Date.now() + offsetMs }

beforeEach(async () => {
  fake = await startFakePlex()
  key = await testDeviceKey()
  offsetMs = 0
  client = createPlexClient({ identity, fetch, endpoints: unwrap(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: fake.url })) })
  verifier = createPlexJwtVerifier({
    plex: client,
    clientId: identity.clientId,
    clock,
    refetchAfterMs: 30_000,
    logger: createLogger('jwt', { sink: () => undefined }),
  })
})
afterEach(async () => {
  await fake.close()
})

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

async function signIn(k: TestDeviceKey = key, c: PlexClient = client, user = { username: 'vera', uuid: 'vera-uuid' }): Promise<string> {
  const pin = unwrap(await c.createPin({ strong: true, jwk: k.jwk }))
  return fake.approveJwt(pin.id, user)
}

async function refresh(): Promise<string> {
  const device = await testDeviceJwt(key, { clientId: identity.clientId, nonce: unwrap(await client.getNonce()) })
  return unwrap(await client.exchangeToken(device))
}

const keyFetches = () => fake.requests.filter((r) => r.path === '/api/v2/auth/keys').length
const verify = (token: string, deviceKid = key.thumbprint) => verifier.verify(token, { deviceKid })

describe('verifying a Plex JWT', () => {
  it('accepts a genuine token bound to our key and reads its claims; the keys are fetched once', async () => {
    const token = await signIn()
    const exp = claimsOf(token)['exp'] as number
    expect(await verify(token)).toEqual({
      kind: 'valid',
      claims: { expiresAt: exp * 1000, issuedAt: (claimsOf(token)['iat'] as number) * 1000, thumbprint: key.thumbprint, username: 'vera' },
    })
    expect(await verify(await refresh())).toMatchObject({ kind: 'valid' })
    expect(keyFetches()).toBe(1)
  })

  it('refuses a tampered token: changed claims, a cut signature, another signer, alg none, not a JWT', async () => {
    const token = await signIn()
    expect(await verify(tamper(token, { user: { username: 'mallory' } }))).toEqual({ kind: 'invalid', reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
    expect(await verify(tamper(token, { exp: Math.floor(Date.now() / 1000) + 10 * 365 * 86_400 }))).toMatchObject({ kind: 'invalid' })
    expect(await verify(token.slice(0, -4))).toMatchObject({ kind: 'invalid' })

    // Signed by someone else under plex.tv's key id.
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }
    const forged = await new SignJWT({ ...claimsOf(token) }).setProtectedHeader({ alg: 'EdDSA', kid: header.kid }).sign(attacker.privateKey)
    expect(await verify(forged)).toMatchObject({ kind: 'invalid' })

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${token.split('.')[1]}.`
    expect(await verify(none)).toMatchObject({ kind: 'invalid' })
    expect(await verify('legacy-token-abcdef')).toEqual({ kind: 'invalid', reason: 'not a JWT' })
  })

  it('refuses a genuine token that is bound to another device key', async () => {
    const token = await signIn()
    const other = await testDeviceKey()
    expect(await verify(token, other.thumbprint)).toEqual({ kind: 'invalid', reason: 'bound to another device key' })
  })

  it('checks issuer and audience, even for a token a listed key signed', async () => {
    // plex.tv's key list, with one more key in it that we hold: tokens it signs pass the signature check.
    const ours = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const listed = { ...(await exportJWK(ours.publicKey)), kid: 'k-test', alg: 'EdDSA', use: 'sig' }
    fake.fault({ path: '/api/v2/auth/keys', status: 200, body: JSON.stringify({ keys: [listed] }) })
    const now = Math.floor(Date.now() / 1000)
    const sign = (iss: string, aud: string | string[]) =>
      new SignJWT({ thumbprint: key.thumbprint })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k-test' })
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(ours.privateKey)
    expect(await verify(await sign('plex.tv', ['plex.tv', identity.clientId]))).toMatchObject({ kind: 'valid' })
    expect(await verify(await sign('plex.tv', identity.clientId))).toMatchObject({ kind: 'valid' })
    expect(await verify(await sign('evil.example', 'plex.tv'))).toEqual({ kind: 'invalid', reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED' })
    expect(await verify(await sign('plex.tv', 'someone-else'))).toEqual({ kind: 'invalid', reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED' })
    const noThumbprint = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k-test' })
      .setIssuer('plex.tv')
      .setAudience('plex.tv')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(ours.privateKey)
    expect(await verify(noThumbprint)).toMatchObject({ kind: 'invalid' })
  })

  it('tells an authentic expired token apart, with its claims', async () => {
    fake.setJwtLifetime(60)
    const token = await signIn()
    offsetMs = 61_000
    expect(await verify(token)).toMatchObject({ kind: 'expired', claims: { thumbprint: key.thumbprint, username: 'vera' } })
    offsetMs = 120_000
    expect(await verify(tamper(token, { user: { username: 'x' } }))).toMatchObject({ kind: 'invalid' })
  })

  it('gives no verdict while the keys cannot be fetched', async () => {
    const token = await signIn()
    fake.fault({ path: '/api/v2/auth/keys', drop: true, times: 1 })
    expect(await verify(token)).toMatchObject({ kind: 'unavailable', error: { code: 'network' } })
    expect(await verify(token)).toMatchObject({ kind: 'valid' })
  })
})

describe('key rotation', () => {
  it('fetches the keys again for an unknown key id, at most once per 30 s', async () => {
    const before = await signIn()
    expect(await verify(before)).toMatchObject({ kind: 'valid' })
    expect(keyFetches()).toBe(1)

    offsetMs = 30_000
    await fake.rotateSigningKey()
    const after = await refresh()
    expect(await verify(after)).toMatchObject({ kind: 'valid' })
    expect(keyFetches()).toBe(2)
    // The previous key stays listed: tokens it signed still verify, without another fetch.
    expect(await verify(before)).toMatchObject({ kind: 'valid' })
    expect(keyFetches()).toBe(2)

    // Rotated again within 30 s of the last fetch: no new fetch, so no verdict yet (and no flood).
    await fake.rotateSigningKey()
    const newest = await refresh()
    expect(await verify(newest)).toMatchObject({ kind: 'unavailable', error: { code: 'bad-response' } })
    expect(await verify(newest)).toMatchObject({ kind: 'unavailable' })
    expect(keyFetches()).toBe(2)
    offsetMs = 60_000
    expect(await verify(newest)).toMatchObject({ kind: 'valid' })
    expect(keyFetches()).toBe(3)
    // The first key has now left the list: its tokens are refused, after one more (allowed) fetch.
    offsetMs = 90_000
    expect(await verify(before)).toEqual({ kind: 'invalid', reason: 'signed by a key plex.tv does not list' })
    expect(keyFetches()).toBe(4)
  })
})
