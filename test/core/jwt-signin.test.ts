import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthScheme, PinMode, SignInState } from '../../preload/api'
import { deviceKeySecretName } from '../../main/core/jwt/device-key'
import type { SignInPolicyOverrides } from '../../main/core/signin/create-signin-service'
import { claimsOf, deviceJwtsSent, tamper } from '../fake-plex/jwt-helpers'
import { createMemoryVault, type MemoryVault } from '../support/memory-vault'
import { quickPinPolicy } from '../support/quick-pin-policy'
import { type SigninFixture, startSigninFixture, until } from '../support/signin-fixture'
import { watchService, type WatchedService } from '../support/watched-service'

// Device-key (JWT) sign-in and silent refresh through the sign-in service, over the real plex.tv
// client and real HTTP against the fake plex.tv; the vault is the in-memory one.

const policy: SignInPolicyOverrides = {
  pin: quickPinPolicy,
  healthCheckIntervalMs: 0,
  healthRetry: { baseMs: 40, capMs: 150, minMs: 30, maxRetryAfterMs: 2_000 },
}

interface Harness extends WatchedService {
  /** The scheme the service reads when a sign-in starts; a test may change it between sign-ins. */
  scheme: AuthScheme
}

let fx: SigninFixture
let harnesses: Harness[] = []

beforeEach(async () => {
  fx = await startSigninFixture()
  harnesses = []
})
afterEach(async () => {
  for (const h of harnesses) {
    h.svc.dispose()
    // No token, device JWT or key ever reaches a snapshot (what the window and tray are told),
    // signed out and refreshed-away tokens included.
    const published = JSON.stringify(h.snapshots)
    for (const secret of [...fx.fake.issuedTokens(), ...deviceJwtsSent(fx.fake.requests)]) expect(published).not.toContain(secret)
  }
  const logs = fx.logLines.join('\n')
  for (const secret of [...fx.fake.issuedTokens(), ...deviceJwtsSent(fx.fake.requests)]) expect(logs).not.toContain(secret)
  await fx.close()
})

function harness(options: { vault?: MemoryVault; scheme?: AuthScheme; policy?: SignInPolicyOverrides } = {}): Harness {
  const h: Harness = {
    ...watchService(fx, options.vault ?? createMemoryVault(), {
      policy: { ...policy, ...options.policy },
      authScheme: () => h.scheme,
    }),
    scheme: options.scheme ?? 'jwt',
  }
  harnesses.push(h)
  return h
}

const isSignedIn = (s: SignInState) => s.kind === 'signed-in' && s.health === 'ok'
const requestsTo = (path: string) => fx.fake.requests.filter((r) => r.path === path)
const storedToken = (h: Harness) => (h.vault.activeKey ? (h.vault.entries.get(h.vault.activeKey)?.token ?? null) : null)

/**
 * Waits for the health check to be scheduled for when `token` falls due (refreshAheadSec before it
 * expires, to within the slack of two clock reads) and moves the clock on until that check runs.
 */
async function passUntilDue(token: string, refreshAheadSec = 60): Promise<void> {
  const dueAt = (claimsOf(token)['exp'] as number) * 1000 - refreshAheadSec * 1000
  const check = () => fx.clock.scheduled.findLast((t) => Math.abs(t.at + t.ms - dueAt) <= 50)
  await until(() => check() !== undefined, 'a check scheduled for when the token falls due')
  const { at, ms } = check() ?? { at: 0, ms: 0 }
  fx.clock.advance(Math.max(0, at + ms - fx.clock.now()))
}

async function storedKey(h: Harness): Promise<{ x: string; d: string }> {
  const raw = await h.vault.getSecret(deviceKeySecretName(fx.identity.clientId))
  if (!raw.ok || raw.value === null) throw new Error('no device key in the vault')
  return JSON.parse(raw.value) as { x: string; d: string }
}

/** Starts a sign-in in `mode`, approves its PIN at the fake and waits for signed-in; returns the token. */
async function signIn(h: Harness, mode: PinMode = 'browser', user = { username: 'jay', uuid: 'jay-uuid' }): Promise<string> {
  expect(h.svc.start(mode)).toEqual({ ok: true, value: undefined })
  const waiting = await h.reach((s) => s.kind === 'waiting' && s.pins.some((p) => p.mode === mode), 'a PIN')
  const pin = waiting.kind === 'waiting' ? waiting.pins.find((p) => p.mode === mode) : undefined
  const token = await fx.fake.approveJwt(mode === 'link' ? (pin?.code ?? '') : (pin?.pinId ?? 0), user)
  await h.reach(isSignedIn, 'signed-in')
  return token
}

describe('signing in with the device key', () => {
  it.each(['browser', 'link'] as const)('%s mode: the PIN carries the key, polls carry device JWTs, the Plex JWT is kept', async (mode) => {
    const h = harness()
    await h.svc.restore()
    const token = await signIn(h, mode)
    expect(h.state()).toMatchObject({ kind: 'signed-in', health: 'ok', account: { username: 'jay', uuid: 'jay-uuid' } })
    expect(storedToken(h)).toBe(token)

    const key = await storedKey(h)
    const created = requestsTo('/api/v2/pins').find((r) => r.method === 'POST')
    const jwk = (JSON.parse(created?.body ?? '{}') as { jwk: { x: string; kid: string } }).jwk
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: key.x, use: 'sig', alg: 'EdDSA' })
    expect(JSON.parse(created?.body ?? '{}')).toEqual(mode === 'browser' ? { jwk, strong: true } : { jwk })
    expect(created?.body).not.toContain(key.d)
    expect(claimsOf(token)).toMatchObject({ thumbprint: jwk.kid, aud: ['plex.tv', fx.identity.clientId] })

    const polls = fx.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/pins/'))
    expect(polls.length).toBeGreaterThan(0)
    for (const poll of polls) expect(claimsOf(poll.query['deviceJWT'] ?? '')).toMatchObject({ iss: fx.identity.clientId, aud: 'plex.tv' })
    // Verified against plex.tv's keys before it was used.
    expect(requestsTo('/api/v2/auth/keys').length).toBe(1)
    expect(requestsTo('/api/v2/user').at(-1)?.headers['x-plex-token']).toBe(token)
  })

  it('both modes at once register the same key', async () => {
    const h = harness()
    h.svc.start('browser')
    h.svc.start('link')
    await h.reach((s) => s.kind === 'waiting' && s.pins.length === 2, 'two PINs')
    const jwks = requestsTo('/api/v2/pins').map((r) => (JSON.parse(r.body) as { jwk: { x: string } }).jwk.x)
    expect(jwks).toHaveLength(2)
    expect(jwks[0]).toBe(jwks[1])
    expect(jwks[0]).toBe((await storedKey(h)).x)
    expect(fx.fake.deviceKeys()).toHaveLength(1)
  })

  it('re-signs the device JWT before it expires, so a long wait still ends signed in', async () => {
    const h = harness({ policy: { jwt: { deviceJwtLifetimeSec: 2, deviceJwtRenewBeforeSec: 1 } } })
    h.svc.start('browser')
    const waiting = await h.reach((s) => s.kind === 'waiting', 'a PIN')
    const pinId = waiting.kind === 'waiting' ? (waiting.pins[0]?.pinId ?? 0) : 0
    // Between two polls (one answered, the next one's timer set), 2.6 s pass for both sides.
    await until(() => requestsTo(`/api/v2/pins/${pinId}`).length > 0 && fx.clock.pending() > 0, 'a poll to be answered')
    fx.clock.advance(2_600)
    await fx.fake.approveJwt(pinId)
    await h.reach(isSignedIn, 'signed-in')
    const polls = requestsTo(`/api/v2/pins/${pinId}`)
    const used = new Set(polls.map((r) => r.query['deviceJWT']))
    expect(used.size).toBeGreaterThanOrEqual(2)
    // Every poll went out with a device JWT that was still valid when it was sent.
    for (const poll of polls) expect((claimsOf(poll.query['deviceJWT'] ?? '')['exp'] as number) * 1000).toBeGreaterThan(poll.at)
    expect(h.snapshots.every((s) => s.state.kind !== 'waiting' || s.state.retry === null)).toBe(true)
    expect(requestsTo('/api/v2/auth/nonce').length).toBe(used.size)
  })

  it('a 498 to a poll (plex.tv holds the device JWT expired): signs a new one and polls on', async () => {
    const h = harness()
    h.svc.start('browser')
    const waiting = await h.reach((s) => s.kind === 'waiting', 'a PIN')
    const pinId = waiting.kind === 'waiting' ? (waiting.pins[0]?.pinId ?? 0) : 0
    await until(() => requestsTo(`/api/v2/pins/${pinId}`).length > 0, 'a first poll')
    fx.fake.fault({ path: `/api/v2/pins/${pinId}`, status: 498, times: 1 })
    await until(() => requestsTo('/api/v2/auth/nonce').length >= 2, 'a fresh nonce')
    await fx.fake.approveJwt(pinId)
    await h.reach(isSignedIn, 'signed-in')
    const used = requestsTo(`/api/v2/pins/${pinId}`).map((r) => r.query['deviceJWT'])
    expect(new Set(used).size).toBe(2)
  })

  it('refuses a tampered token from an approved PIN: never used, never saved', async () => {
    const h = harness()
    const real = await signIn(h)
    await h.svc.signOut()
    h.svc.start('browser')
    const waiting = await h.reach((s) => s.kind === 'waiting', 'a PIN')
    const pin = waiting.kind === 'waiting' ? waiting.pins[0] : undefined
    const forged = tamper(real, { user: { username: 'mallory' } })
    fx.fake.fault({
      path: `/api/v2/pins/${pin?.pinId}`,
      status: 200,
      body: JSON.stringify({ id: pin?.pinId, code: pin?.code, clientIdentifier: fx.identity.clientId, expiresIn: 1000, authToken: forged }),
    })
    const failed = await h.reach((s) => s.kind === 'error', 'the sign-in to fail')
    expect(failed).toMatchObject({ kind: 'error', error: { code: 'plex-error', message: expect.stringMatching(/failed verification/) } })
    expect(h.vault.activeKey).toBeNull()
    expect(requestsTo('/api/v2/user').some((r) => r.headers['x-plex-token'] === forged)).toBe(false)
  })

  it('the setting applies to the next sign-in; a saved token is kept the way it came', async () => {
    const h = harness({ scheme: 'legacy' })
    const legacy = await signIn(h)
    expect(legacy).not.toContain('.')
    const legacyPin = requestsTo('/api/v2/pins').at(-1)
    expect(legacyPin?.query).toEqual({ strong: 'true' })
    expect(legacyPin?.body).toBe('')

    h.scheme = 'jwt'
    // The saved legacy token stays legacy: checked with /user; no nonce, no keys, no device key made.
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(requestsTo('/api/v2/auth/nonce').length + requestsTo('/api/v2/auth/keys').length).toBe(0)
    expect(await h.vault.getSecret(deviceKeySecretName(fx.identity.clientId))).toEqual({ ok: true, value: null })

    await h.svc.signOut()
    const jwt = await signIn(h)
    expect(claimsOf(jwt)['iss']).toBe('plex.tv')
    h.scheme = 'legacy'
    await h.svc.signOut()
    await signIn(h)
    expect(storedToken(h)).not.toContain('.')
  })
})

describe('refreshing silently', () => {
  it('ahead of expiry: a new Plex JWT replaces the old one in the vault, without the user', async () => {
    fx.fake.setJwtLifetime(3600)
    const h = harness({ policy: { jwt: { refreshAheadSec: 60 } } })
    const first = await signIn(h)
    // The check is scheduled for when the token falls due, a minute before it expires; then that
    // much time passes at once.
    await passUntilDue(first)
    await until(() => storedToken(h) !== first, 'the token to be refreshed')
    const second = storedToken(h) ?? ''
    expect(claimsOf(second)).toMatchObject({ iss: 'plex.tv', thumbprint: claimsOf(first)['thumbprint'] })
    expect(h.state()).toMatchObject({ kind: 'signed-in', account: { username: 'jay' } })
    expect(requestsTo('/api/v2/auth/token')).toHaveLength(1)
    expect(requestsTo('/api/v2/pins').filter((r) => r.method === 'POST')).toHaveLength(1) // no new PIN
    // The vault is written before plex.tv is asked with the new token: wait for that question.
    await until(() => requestsTo('/api/v2/user').at(-1)?.headers['x-plex-token'] === second, 'plex.tv asked with the new token')
    // And again when the new one falls due.
    await passUntilDue(second)
    await until(() => storedToken(h) !== second, 'a second refresh')
    expect(requestsTo('/api/v2/auth/token')).toHaveLength(2)
  })

  it('on a 498 from plex.tv: refreshed at once, then asked again with the new token', async () => {
    const h = harness()
    const first = await signIn(h)
    fx.fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toMatchObject({ kind: 'signed-in', health: 'ok' })
    const second = storedToken(h)
    expect(second).not.toBe(first)
    expect(requestsTo('/api/v2/auth/token')).toHaveLength(1)
    const users = requestsTo('/api/v2/user').slice(-2)
    expect(users.map((r) => r.headers['x-plex-token'])).toEqual([first, second])
  })

  it('at start, an expired token in the vault is refreshed (a refresh needs only the device key)', async () => {
    fx.fake.setJwtLifetime(60)
    const vault = createMemoryVault()
    const a = harness({ vault })
    const first = await signIn(a)
    // Its last request (the picture) in before the count starts.
    await a.reach((s) => s.kind === 'signed-in' && s.account.avatar !== null, 'the avatar')
    a.svc.dispose()
    // A minute passes, for this machine and for plex.tv alike.
    fx.clock.advance((claimsOf(first)['exp'] as number) * 1000 - fx.clock.now())
    fx.fake.setJwtLifetime(3600)
    const b = harness({ vault })
    fx.fake.clearRequests()
    await b.svc.restore()
    expect(b.state()).toMatchObject({ kind: 'signed-in', health: 'ok', account: { username: 'jay' } })
    expect(storedToken(b)).not.toBe(first)
    // Known to be expired before anyone was asked: refreshed first, never sent.
    expect(fx.fake.requests.map((r) => r.path)).toEqual([
      '/api/v2/auth/keys',
      '/api/v2/auth/nonce',
      '/api/v2/auth/token',
      '/api/v2/user',
      ...fx.fake.requests.slice(4).map((r) => r.path),
    ])
    expect(requestsTo('/api/v2/user').some((r) => r.headers['x-plex-token'] === first)).toBe(false)
  })

  it('a tampered token in the keychain is never sent: it is replaced by a refresh', async () => {
    const vault = createMemoryVault()
    const a = harness({ vault })
    const real = await signIn(a)
    a.svc.dispose()
    const forged = tamper(real, { exp: Math.floor(Date.now() / 1000) + 365 * 86_400 })
    await vault.saveActive({ accountKey: 'jay-uuid', username: 'jay', token: forged })
    const b = harness({ vault })
    await b.svc.restore()
    expect(b.state()).toMatchObject({ kind: 'signed-in', health: 'ok' })
    expect(storedToken(b)).not.toBe(forged)
    expect(requestsTo('/api/v2/user').some((r) => r.headers['x-plex-token'] === forged)).toBe(false)
  })

  it('a revoked device key: the refresh is refused for good, the token removed, "needs re-authentication"', async () => {
    const h = harness()
    await signIn(h)
    fx.fake.revokeDeviceKey(fx.identity.clientId)
    fx.fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
    await h.svc.checkNow()
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(h.vault.activeKey).toBeNull()
    expect(h.vault.entries.size).toBe(0)
    // Signing in again (the user approves anew) registers the same key again.
    await signIn(h)
    expect(fx.fake.deviceKeys()).toEqual([expect.objectContaining({ revoked: false })])
  })

  it('plex.tv unreachable: the old token is kept (health unreachable) and the refresh retried with backoff', async () => {
    fx.fake.setJwtLifetime(3600)
    const h = harness({ policy: { jwt: { refreshAheadSec: 3599 } } })
    const first = await signIn(h)
    // Due within a second of issue; the first two tries cannot reach plex.tv.
    fx.fake.fault({ path: '/api/v2/auth/nonce', drop: true, times: 2 })
    await h.reach((s) => s.kind === 'signed-in' && s.health === 'unreachable', 'unreachable')
    expect(storedToken(h)).toBe(first)
    await until(() => storedToken(h) !== first, 'the refresh to succeed')
    await h.reach(isSignedIn, 'healthy again')
    expect(requestsTo('/api/v2/auth/nonce').length).toBeGreaterThanOrEqual(3)
  })

  it('a refresh whose answer fails verification keeps the old token', async () => {
    fx.fake.setJwtLifetime(3600)
    const h = harness()
    const first = await signIn(h)
    fx.fake.fault({ path: '/api/v2/auth/token', status: 200, body: JSON.stringify({ auth_token: tamper(first, { jti: 'x' }) }), times: 1 })
    fx.fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
    await h.svc.checkNow()
    expect(h.state()).toMatchObject({ kind: 'signed-in', health: 'unreachable' })
    expect(storedToken(h)).toBe(first)
    await h.reach(isSignedIn, 'the retry to succeed')
  })

  it('a sign-out while the refreshed token is being saved signs out that new token at plex.tv', async () => {
    const h = harness()
    const first = await signIn(h)
    const issued = new Set(fx.fake.tokens())
    h.vault.saveDelayMs = 300 // a keychain that takes its time, as one showing a prompt would
    fx.fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
    const saves = h.vault.calls.saveActive
    const checking = h.svc.checkNow()
    await until(() => h.vault.calls.saveActive > saves, 'the refreshed token being saved')
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    await checking
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'signed-out' })
    expect(h.vault.entries.size).toBe(0)
    // The token plex.tv was asked to forget is the new one, and no token of ours is valid there now.
    const fresh = requestsTo('/api/v2/auth/token').length
    expect(fresh).toBe(1)
    const signedOut = requestsTo('/api/v2/users/signout').map((r) => r.headers['x-plex-token'])
    expect(signedOut).toHaveLength(1)
    expect(signedOut[0]).not.toBe(first)
    expect(fx.fake.tokens().filter((t) => !issued.has(t))).toEqual([])
  })

  it('a sign-out elsewhere while a renewal waits its turn: nothing is renewed or saved, and it ends signed out', async () => {
    // Two services on one vault stand for the app and a `plexkey logout`, taking turns through it.
    const vault = createMemoryVault()
    const app = harness({ vault })
    await signIn(app)
    // The second finds the token due (a renewal window longer than its life) ...
    const renewer = harness({ vault, policy: { jwt: { refreshAheadSec: 8 * 24 * 3600 } } })
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    // ... but is held while it verifies it, and the first signs out meanwhile.
    fx.fake.fault({ path: '/api/v2/auth/keys', holdUntil: held, times: 1 })
    const restoring = renewer.svc.restore()
    await until(() => requestsTo('/api/v2/auth/keys').length >= 2, 'the renewer verifying the token')
    expect(await app.svc.signOut()).toEqual({ ok: true, value: undefined })
    release()
    await restoring
    expect(renewer.state()).toEqual({ kind: 'signed-out', reason: 'signed-out' })
    expect(requestsTo('/api/v2/auth/token')).toHaveLength(0)
    expect(vault.entries.size).toBe(0)
    expect(vault.activeKey).toBeNull()
  })

  it('the keychain refuses the new token: error keychain, the old one stays; the next check recovers', async () => {
    const h = harness()
    const first = await signIn(h)
    h.vault.failSave = true
    fx.fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
    const result = await h.svc.checkNow()
    expect(result).toMatchObject({ ok: false, error: { code: 'keychain' } })
    expect(h.state()).toMatchObject({ kind: 'error', error: { code: 'keychain' } })
    expect(storedToken(h)).toBe(first)
    h.vault.failSave = false
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toMatchObject({ kind: 'signed-in', health: 'ok' })
  })
})
