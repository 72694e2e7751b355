import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Result } from '../../preload/api'
import { type CredentialVault, isMalformedEntry, type StoredCredential } from '../../main/core/account/credential-vault'
import { createKeytarVault } from '../../main/core/account/keytar-vault'
import { createSignInService } from '../../main/core/signin/create-signin-service'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { quickPinPolicy } from '../support/quick-pin-policy'
import { startSigninFixture, until } from '../support/signin-fixture'

const root = resolve(__dirname, '../..')
const run = promisify(execFile)

const alice: StoredCredential = { accountKey: '6f2a9c1e4b7d8a30', username: 'alice', token: 'alice-token-Q1w2E3r4' }
const bob: StoredCredential = { accountKey: '0b0b0b0b0b0b0b0b', username: 'bob', token: 'bob-token-Z9x8C7v6' }

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

const items = (keyring: PrivateKeyring): Promise<Record<string, string>> => keyring.items()

/** Files (not directories: GLib makes an empty ~/.cache on its own) anywhere under `dir`. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name))
}

describe('keytar vault on a real GNOME Keyring', () => {
  let keyring: PrivateKeyring
  let vault: CredentialVault

  beforeAll(async () => {
    keyring = await startPrivateKeyring()
    vault = keytarVaultOn(keyring)
  })

  afterAll(async () => {
    await keyring?.stop()
  })

  it('saves a credential, makes it active and reads it back', async () => {
    expect(value(await vault.loadActive())).toBeNull()
    value(await vault.saveActive(alice))
    expect(value(await vault.loadActive())).toEqual(alice)
    value(await vault.remove(alice.accountKey))
  })

  it('keeps the entries where another Secret Service client finds them', async () => {
    value(await vault.saveActive(alice))
    const active = await keyring.secretTool('lookup', 'service', 'plexkey', 'account', 'active')
    expect(active.stdout).toBe(`token:${alice.accountKey}`)
    const entry = await keyring.secretTool('lookup', 'service', 'plexkey', 'account', active.stdout)
    expect(JSON.parse(entry.stdout)).toEqual({ username: 'alice', token: alice.token })
    expect(await items(keyring)).toEqual({
      active: `token:${alice.accountKey}`,
      [`token:${alice.accountKey}`]: JSON.stringify({ username: 'alice', token: alice.token }),
    })
    value(await vault.remove(alice.accountKey))
    expect(await items(keyring)).toEqual({})
  })

  it('switches the active account and removes only what it is asked to', async () => {
    value(await vault.saveActive(alice))
    value(await vault.saveActive(bob))
    expect(value(await vault.loadActive())).toEqual(bob)
    expect(Object.keys(await items(keyring)).sort()).toEqual(['active', `token:${alice.accountKey}`, `token:${bob.accountKey}`].sort())

    // Removing an account that is not active leaves the active one alone.
    value(await vault.remove(alice.accountKey))
    expect(value(await vault.loadActive())).toEqual(bob)
    // Removing the active one takes the marker too.
    value(await vault.remove(bob.accountKey))
    expect(value(await vault.loadActive())).toBeNull()
    expect(await items(keyring)).toEqual({})
  })

  it('replaces the token of the same account in place', async () => {
    value(await vault.saveActive(alice))
    value(await vault.saveActive({ ...alice, token: 'alice-token-renewed' }))
    expect(value(await vault.loadActive())).toEqual({ ...alice, token: 'alice-token-renewed' })
    expect(Object.keys(await items(keyring)).sort()).toEqual(['active', `token:${alice.accountKey}`])
    value(await vault.remove(alice.accountKey))
  })

  it('removing an account that is not stored succeeds and changes nothing', async () => {
    value(await vault.saveActive(alice))
    value(await vault.remove('not-stored'))
    expect(value(await vault.loadActive())).toEqual(alice)
    value(await vault.remove(alice.accountKey))
  })

  it('refuses names and tokens it cannot store, writing nothing', async () => {
    const spaced = await vault.saveActive({ ...alice, accountKey: 'has space' })
    expect(spaced.ok ? null : spaced.error.code).toBe('invalid-argument')
    const empty = await vault.saveActive({ ...alice, token: '' })
    expect(empty.ok ? null : empty.error.code).toBe('invalid-argument')
    expect(await items(keyring)).toEqual({})
  })

  it('reads an entry another tool wrote in the documented layout', async () => {
    await keyring.storeItem('token:c0ffee', JSON.stringify({ username: 'carol', token: 'carol-token-1234' }))
    await keyring.storeItem('active', 'token:c0ffee')
    expect(value(await vault.loadActive())).toEqual({ accountKey: 'c0ffee', username: 'carol', token: 'carol-token-1234' })
    value(await vault.remove('c0ffee'))
    expect(await items(keyring)).toEqual({})
  })

  it.each([
    ['not JSON', 'not json', /\(not JSON\)/],
    ['no token', JSON.stringify({ username: 'carol' }), /\(no username and token\)/],
    ['a token with a line break', JSON.stringify({ username: 'carol', token: 'carol\ntoken' }), /line breaks/],
    ['a token over 4 KiB', JSON.stringify({ username: 'carol', token: 'x'.repeat(4097) }), /longer than 4096 characters/],
  ])('an entry with %s is a malformed entry that says how to clean up, and discardActive removes it', async (_what, secret, why) => {
    await keyring.storeItem('token:c0ffee', secret)
    await keyring.storeItem('active', 'token:c0ffee')
    const loaded = await vault.loadActive()
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(isMalformedEntry(loaded.error)).toBe(true)
    expect(loaded.error).toMatchObject({ code: 'keychain', retryable: false, malformed: 'entry' })
    expect(loaded.error.message).toMatch(why)
    expect(loaded.error.message).toMatch(/^The keychain entry "token:c0ffee" is not a sign-in Plexkey can use .*Run `plexkey logout` to remove it/)
    // Reading changes nothing: the entry is kept for the user to look at until they clean it up.
    expect(Object.keys(await items(keyring)).sort()).toEqual(['active', 'token:c0ffee'])
    value(await vault.discardActive())
    expect(await items(keyring)).toEqual({})
    expect(value(await vault.loadActive())).toBeNull()
  })

  it('a marker naming an entry outside the one name pattern is malformed, never echoed, and can be cleaned', async () => {
    const hostile = 'token:\x1b]0;pwned\x07 \u202e\x9b2J'
    await keyring.storeItem(hostile, JSON.stringify({ username: 'mallory', token: 'mallory-token-1' }))
    await keyring.storeItem('active', hostile)
    const loaded = await vault.loadActive()
    expect(loaded.ok ? null : loaded.error).toMatchObject({ code: 'keychain', malformed: 'marker' })
    const message = loaded.ok ? '' : loaded.error.message
    expect(message).toMatch(/Run `plexkey logout` to remove it/)
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e]|pwned/)
    // The same pattern refuses such a name everywhere, remove() included.
    const removed = await vault.remove('\x1b]0;pwned\x07')
    expect(removed.ok ? null : removed.error.code).toBe('invalid-argument')
    value(await vault.discardActive())
    expect(await items(keyring)).toEqual({})
  })

  it('a marker left naming a removed entry (a removal cut short) reads as signed out and is cleared', async () => {
    await keyring.storeItem('active', 'token:c0ffee')
    expect(value(await vault.loadActive())).toBeNull()
    expect(await items(keyring)).toEqual({})
  })

  it('keeps named secrets beside the tokens', async () => {
    expect(value(await vault.getSecret('device-key'))).toBeNull()
    value(await vault.setSecret('device-key', '{"kty":"OKP"}'))
    expect(value(await vault.getSecret('device-key'))).toBe('{"kty":"OKP"}')
    expect((await keyring.secretTool('lookup', 'service', 'plexkey', 'account', 'secret:device-key')).stdout).toBe('{"kty":"OKP"}')
    value(await vault.deleteSecret('device-key'))
    expect(value(await vault.getSecret('device-key'))).toBeNull()
  })

  it('keeps entries of its own under their plain names, and refuses the names the sign-in owns', async () => {
    value(await vault.saveActive(alice))
    const name = 'profile:c0ffee:5eed'
    expect(value(await vault.getEntry(name))).toBeNull()
    value(await vault.setEntry(name, '{"token":"minted-1"}'))
    expect(value(await vault.getEntry(name))).toBe('{"token":"minted-1"}')
    expect((await keyring.secretTool('lookup', 'service', 'plexkey', 'account', name)).stdout).toBe('{"token":"minted-1"}')
    for (const reserved of ['active', `token:${alice.accountKey}`, 'secret:device-key', 'has space', '']) {
      const refused = await vault.setEntry(reserved, 'x')
      expect(refused.ok ? null : refused.error.code).toBe('invalid-argument')
      const gone = await vault.deleteEntry(reserved)
      expect(gone.ok ? null : gone.error.code).toBe('invalid-argument')
    }
    expect(value(await vault.loadActive())).toEqual(alice)
    value(await vault.deleteEntry(name))
    expect(value(await vault.getEntry(name))).toBeNull()
    value(await vault.remove(alice.accountKey))
  })

  it('keeps both accounts after a sign-in as another one: listed most recent first, nothing signed out', async () => {
    const fx = await startSigninFixture()
    try {
      // One sign-in service per sign-in, as two runs of `plexkey login` (the second with --add) would have.
      const signIn = async (user: { username: string; title: string; uuid: string }): Promise<string> => {
        const service = createSignInService({
          plex: fx.plex,
          vault,
          clock: fx.clock,
          identity: fx.identity,
          logger: fx.logger,
          policy: { pin: quickPinPolicy, healthCheckIntervalMs: 0 },
        })
        try {
          service.start('link')
          await until(() => service.pin('link') !== undefined, 'a code')
          const token = fx.fake.approve(service.pin('link')?.code ?? '', user)
          await until(() => service.getSnapshot().state.kind === 'signed-in', `signed in as ${user.username}`)
          return token
        } finally {
          await service.settled()
          service.dispose()
        }
      }
      const first = await signIn({ username: 'alice', title: 'Alice A.', uuid: alice.accountKey })
      const second = await signIn({ username: 'bob', title: 'Bob B.', uuid: bob.accountKey })
      expect(await items(keyring)).toEqual({
        active: `token:${bob.accountKey}`,
        accounts: JSON.stringify([bob.accountKey, alice.accountKey]),
        [`token:${alice.accountKey}`]: JSON.stringify({ username: 'alice', title: 'Alice A.', token: first }),
        [`token:${bob.accountKey}`]: JSON.stringify({ username: 'bob', title: 'Bob B.', token: second }),
      })
      expect(fx.fake.tokens()).toContain(first)
      expect(fx.fake.tokens()).toContain(second)
      value(await vault.remove(alice.accountKey))
      value(await vault.remove(bob.accountKey))
      value(await vault.deleteEntry('accounts'))
    } finally {
      await fx.close()
    }
  })

  it('loads any account by its key, and saves a renewed token in place without making it active', async () => {
    value(await vault.saveActive(alice))
    value(await vault.saveActive({ ...bob, title: 'Bob B.' }))
    expect(value(await vault.load(alice.accountKey))).toEqual(alice)
    expect(value(await vault.load(bob.accountKey))).toEqual({ ...bob, title: 'Bob B.' })
    expect(value(await vault.load('no-such-account'))).toBeNull()
    value(await vault.save({ ...alice, token: 'alice-renewed-Q9' }))
    expect(value(await vault.load(alice.accountKey))?.token).toBe('alice-renewed-Q9')
    expect(value(await vault.loadActive())?.accountKey).toBe(bob.accountKey)
    // Removed meanwhile (signed out in another process): a late renewal does not bring it back.
    value(await vault.remove(alice.accountKey))
    value(await vault.save({ ...alice, token: 'alice-late-R1' }))
    expect(value(await vault.load(alice.accountKey))).toBeNull()
    value(await vault.remove(bob.accountKey))
    expect(await items(keyring)).toEqual({})
  })

  it('a title that is not text makes the entry malformed; an entry without one reads as before', async () => {
    await keyring.storeItem(`token:${alice.accountKey}`, JSON.stringify({ username: 'alice', title: 7, token: alice.token }))
    const loaded = await vault.load(alice.accountKey)
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) expect(isMalformedEntry(loaded.error)).toBe(true)
    await keyring.storeItem(`token:${alice.accountKey}`, JSON.stringify({ username: 'alice', token: alice.token }))
    expect(value(await vault.load(alice.accountKey))).toEqual(alice)
    value(await vault.remove(alice.accountKey))
  })

  it('says where the token is kept', () => {
    expect(vault.describe(alice.accountKey)).toEqual({
      name: 'Secret Service keychain',
      service: 'plexkey',
      account: `token:${alice.accountKey}`,
    })
  })
})

/** One vault call in a child process (its own D-Bus connection), with the environment given. */
async function probe(env: NodeJS.ProcessEnv, op: string, arg?: string): Promise<Result<unknown>> {
  const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), ['test/support/vault-probe.ts', op, ...(arg ? [arg] : [])], {
    cwd: root,
    env,
  })
  return JSON.parse(stdout) as Result<unknown>
}

function keychainMessage(result: Result<unknown>): string {
  if (result.ok) throw new Error('expected a keychain error')
  expect(result.error.code).toBe('keychain')
  return result.error.message
}

describe('keytar vault when the keychain fails', () => {
  let keyring: PrivateKeyring
  let home: string

  beforeAll(async () => {
    keyring = await startPrivateKeyring()
    home = await mkdtemp(join(tmpdir(), 'plexkey-home-'))
  })
  afterAll(async () => {
    await keyring?.stop()
    if (home) await rm(home, { recursive: true, force: true })
  })

  /** A child environment with nothing of the real user's: an empty home, no display. */
  function bare(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), ...extra }
    delete env['DISPLAY']
    delete env['WAYLAND_DISPLAY']
    return env
  }

  it('a failed save keeps the previous credential active and leaves no new entry', async () => {
    value(await probe(keyring.env(), 'saveActive', JSON.stringify(alice)))
    await keyring.lock()

    const failed = await probe(keyring.env(), 'saveActive', JSON.stringify(bob))
    expect(keychainMessage(failed)).toMatch(/keyring is locked.*unlock/i)

    await keyring.restart() // unlocked again
    expect(await items(keyring)).toEqual({
      active: `token:${alice.accountKey}`,
      [`token:${alice.accountKey}`]: JSON.stringify({ username: 'alice', token: alice.token }),
    })
    expect(value(await probe(keyring.env(), 'loadActive'))).toEqual(alice)
    value(await probe(keyring.env(), 'remove', alice.accountKey))
  })

  it('without a D-Bus session it explains what to start, and writes nothing anywhere', async () => {
    const env = bare()
    delete env['DBUS_SESSION_BUS_ADDRESS']
    const saved = await probe(env, 'saveActive', JSON.stringify(alice))
    expect(keychainMessage(saved)).toMatch(/no d-bus session.*gnome-keyring-daemon or keepassxc/i)
    expect(keychainMessage(await probe(env, 'loadActive'))).toMatch(/no d-bus session/i)
    expect(await filesUnder(home)).toEqual([])
    expect(await items(keyring)).toEqual({})
  })

  it('on a bus with no Secret Service it says to install or start one', async () => {
    const lonely = await startPrivateKeyring({ secretService: false })
    try {
      const saved = await probe(bare({ DBUS_SESSION_BUS_ADDRESS: lonely.address }), 'saveActive', JSON.stringify(alice))
      expect(keychainMessage(saved)).toMatch(/no secret service keychain is running.*gnome-keyring/i)
    } finally {
      await lonely.stop()
    }
    expect(await filesUnder(home)).toEqual([])
  })

  it('with a broken libsecret it names the package to install instead of crashing', async () => {
    const libs = await mkdtemp(join(tmpdir(), 'plexkey-nolib-'))
    try {
      await mkdir(libs, { recursive: true })
      await writeFile(join(libs, 'libsecret-1.so.0'), '') // not a library: the loader rejects it
      const saved = await probe(keyring.env({ LD_LIBRARY_PATH: libs }), 'saveActive', JSON.stringify(alice))
      expect(keychainMessage(saved)).toMatch(/libsecret is missing or broken.*libsecret-1-0/i)
    } finally {
      await rm(libs, { recursive: true, force: true })
    }
    expect(await items(keyring)).toEqual({})
  })
})

describe('keytar vault loading', () => {
  it('a keytar that cannot load is a keychain error, and the next call tries to load it again', async () => {
    const stored = new Map<string, string>()
    let attempts = 0
    const vault = createKeytarVault({
      service: 'plexkey-load-test',
      loadKeytar: async () => {
        attempts += 1
        if (attempts === 1) throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory')
        return {
          getPassword: async (service, account) => stored.get(`${service}/${account}`) ?? null,
          setPassword: async (service, account, password) => void stored.set(`${service}/${account}`, password),
          deletePassword: async (service, account) => stored.delete(`${service}/${account}`),
        }
      },
    })
    const first = await vault.saveActive(alice)
    expect(first.ok ? null : first.error).toEqual({ code: 'keychain', message: expect.stringMatching(/libsecret/), retryable: false })
    value(await vault.saveActive(alice))
    expect(attempts).toBe(2)
    expect([...stored.keys()].sort()).toEqual(['plexkey-load-test/active', `plexkey-load-test/token:${alice.accountKey}`])
  })

  it('a keytar call that throws becomes a keychain error, not an exception', async () => {
    const vault = createKeytarVault({
      loadKeytar: async () => ({
        getPassword: async () => {
          throw new Error('Cannot create an item in a locked collection')
        },
        setPassword: async () => undefined,
        deletePassword: async () => true,
      }),
    })
    const loaded = await vault.loadActive()
    expect(loaded.ok ? null : loaded.error.message).toMatch(/^The login keyring is locked/)
  })
})
