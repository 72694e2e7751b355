import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AuthScheme } from '../../preload/api'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { keychainLockFile } from '../../main/core/account/keytar-vault'
import { createProcessLock } from '../../main/core/config/process-lock'
import type { SignInPolicyOverrides } from '../../main/core/signin/create-signin-service'
import { deviceJwtsSent } from '../fake-plex/jwt-helpers'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { quickPinPolicy } from '../support/quick-pin-policy'
import { type SigninFixture, startSigninFixture, until } from '../support/signin-fixture'
import { watchService, type WatchedService } from '../support/watched-service'

// A Plex JWT renewal that waits its turn while the keychain changes under it, in another process:
// each service stands for one process (the app, a `plexkey login`, a `plexkey logout`), with a
// keytar vault of its own on one real GNOME Keyring (private bus) and one lock file, over the
// real plex.tv client against the fake plex.tv.

const policy: SignInPolicyOverrides = {
  pin: quickPinPolicy,
  healthCheckIntervalMs: 0,
  healthRetry: { baseMs: 40, capMs: 150, minMs: 30, maxRetryAfterMs: 2_000 },
}
/** A renewal window longer than a Plex JWT's life: the token is due as soon as it is read. */
const dueAtOnce: SignInPolicyOverrides = { ...policy, jwt: { refreshAheadSec: 8 * 24 * 3600 } }

let keyring: PrivateKeyring
let configDir: string
let fx: SigninFixture
let processes: WatchedService<CredentialVault>[] = []

beforeAll(async () => {
  keyring = await startPrivateKeyring()
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-renewal-elsewhere-'))
})
afterAll(async () => {
  await keyring?.stop()
  if (configDir) await rm(configDir, { recursive: true, force: true })
})
beforeEach(async () => {
  // A held request stays open for as long as the other process takes: not a timeout.
  fx = await startSigninFixture({ timeoutMs: 15_000 })
  processes = []
})
afterEach(async () => {
  for (const p of processes) p.svc.dispose()
  const logs = fx.logLines.join('\n')
  // Every token plex.tv ever issued, revoked or replaced ones too, and every device JWT sent.
  const secrets = [...fx.fake.issuedTokens(), ...deviceJwtsSent(fx.fake.requests)]
  expect(secrets.length).toBeGreaterThan(0)
  for (const secret of secrets) expect(logs).not.toContain(secret)
  await fx.close()
  // Each test starts from an empty keychain.
  for (const account of Object.keys(await keyring.items())) await keyring.secretTool('clear', 'service', 'plexkey', 'account', account)
})

/** One more process on the shared keychain, signing in with `scheme`. */
function onKeychain(scheme: AuthScheme, overrides: SignInPolicyOverrides = policy): WatchedService<CredentialVault> {
  const vault = keytarVaultOn(keyring, { lock: createProcessLock({ file: keychainLockFile(configDir) }) })
  const p = watchService(fx, vault, { policy: overrides, authScheme: () => scheme })
  processes.push(p)
  return p
}

/** Signs `p` in with a code, approved at the fake as `user`; returns the token plex.tv issued. */
async function signIn(p: WatchedService<CredentialVault>, user: { username: string; uuid: string }, jwt: boolean): Promise<string> {
  expect(p.svc.start('link')).toEqual({ ok: true, value: undefined })
  const waiting = await p.reach((s) => s.kind === 'waiting' && s.pins.length > 0, 'a code')
  const code = waiting.kind === 'waiting' ? (waiting.pins[0]?.code ?? '') : ''
  const token = jwt ? await fx.fake.approveJwt(code, user) : fx.fake.approve(code, user)
  await p.reach((s) => s.kind === 'signed-in' && s.health === 'ok', 'signed in')
  return token
}

/**
 * Starts `renewer` (the app at start, finding the Plex JWT due) and holds it while it verifies the
 * token, before it takes the keychain lock; runs `meanwhile` (another process), then lets it go.
 */
async function renewWhile(renewer: WatchedService<CredentialVault>, meanwhile: () => Promise<void>): Promise<void> {
  let release = (): void => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  const keysBefore = fx.fake.requests.filter((r) => r.path === '/api/v2/auth/keys').length
  fx.fake.fault({ path: '/api/v2/auth/keys', holdUntil: held, times: 1 })
  const restoring = renewer.svc.restore()
  await until(() => fx.fake.requests.filter((r) => r.path === '/api/v2/auth/keys').length > keysBefore, 'the renewer verifying the token')
  await meanwhile()
  release()
  await restoring
}

const requestsTo = (path: string) => fx.fake.requests.filter((r) => r.path === path)

describe('a Plex JWT renewal that finds the keychain changed by another process', () => {
  it('another account signed in meanwhile: shows that account, checked with plex.tv, and renews nothing', async () => {
    const app = onKeychain('jwt')
    await signIn(app, { username: 'jay', uuid: 'jay-uuid' }, true)
    const renewer = onKeychain('jwt', dueAtOnce)
    let kimToken = ''
    await renewWhile(renewer, async () => {
      // `plexkey login` as someone else, in a process that never restored: it replaces jay.
      const login = onKeychain('legacy')
      kimToken = await signIn(login, { username: 'kim', uuid: 'kim-uuid' }, false)
      await login.svc.settled()
    })

    expect(renewer.state()).toMatchObject({ kind: 'signed-in', health: 'ok', account: { username: 'kim', uuid: 'kim-uuid' } })
    // Never shown signed out on the way: it read the keychain again instead.
    expect(renewer.snapshots.map((s) => s.state.kind)).not.toContain('signed-out')
    // Checked with plex.tv as at start: the renewer's last question carried kim's token.
    expect(requestsTo('/api/v2/user').at(-1)?.headers['x-plex-token']).toBe(kimToken)
    // jay's JWT was not renewed, and the keychain names kim, with kim's token, for every process.
    expect(requestsTo('/api/v2/auth/token')).toHaveLength(0)
    expect(await renewer.vault.loadActive()).toEqual({ ok: true, value: { accountKey: 'kim-uuid', username: 'kim', title: 'Plexkey Tester', token: kimToken } })
    expect(fx.fake.tokens()).toContain(kimToken)
  })

  it('signed out meanwhile: signed out, and the keychain stays empty', async () => {
    const app = onKeychain('jwt')
    await signIn(app, { username: 'jay', uuid: 'jay-uuid' }, true)
    const renewer = onKeychain('jwt', dueAtOnce)
    await renewWhile(renewer, async () => {
      expect(await app.svc.signOut()).toEqual({ ok: true, value: undefined })
    })

    expect(renewer.state()).toEqual({ kind: 'signed-out', reason: 'signed-out' })
    expect(requestsTo('/api/v2/auth/token')).toHaveLength(0)
    expect(await renewer.vault.loadActive()).toEqual({ ok: true, value: null })
  })
})
