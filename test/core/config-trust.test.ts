import { spawnSync } from 'node:child_process'
import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadClientIdentity } from '../../main/core/account/client-identity'
import { createKeytarVault, keychainLockFile } from '../../main/core/account/keytar-vault'
import { createProcessLock } from '../../main/core/config/process-lock'
import { createLogger } from '../../main/core/log'

// Another local user who can write to the config directory could plant a lock that keeps an
// approved sign-in from being saved, or a FIFO as client.json that hangs whoever reads it.

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-trust-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const load = (configDir: string) =>
  loadClientIdentity({ configDir, version: '1.0.0', logger: createLogger('identity', { sink: () => undefined }), now: () => Date.UTC(2025, 0, 1) })

/** A directory that is not this user's: made and given away when running as root, else the root directory. */
async function foreignDir(): Promise<string> {
  if (process.getuid?.() !== 0) return '/'
  const foreign = join(dir, 'foreign')
  await mkdir(foreign, { mode: 0o700 })
  await chown(foreign, 65534, 65534)
  return foreign
}

describe('a config directory others can write to', () => {
  it.each([
    ['group-writable', 0o770],
    ['world-writable', 0o777],
    ['world-writable with the sticky bit', 0o1777],
  ])('%s: refused with one sentence saying how to fix it, and nothing written', async (_what, mode) => {
    const config = join(dir, 'Plexkey')
    await mkdir(config)
    await chmod(config, mode)
    expect(await load(config)).toEqual({
      ok: false,
      error: {
        code: 'unknown',
        message: `Plexkey will not use ${config}: other users can write to it; make it yours alone with \`chmod 700 "${config}"\`.`,
        retryable: false,
      },
    })
    expect(await readdir(config)).toEqual([])
    await expect(createProcessLock({ file: join(config, 'keychain.lock') }).hold(async () => 'never')).rejects.toMatchObject({ code: 'EUNTRUSTED' })
    expect(await readdir(config)).toEqual([])
  })

  it('another user’s: refused, naming whose it is', async () => {
    const foreign = await foreignDir()
    const loaded = await load(foreign)
    expect(loaded.ok ? '' : loaded.error.message).toMatch(new RegExp(`^Plexkey will not use ${foreign.replace(/[/\\]/g, '\\$&')}: it belongs to another user \\(uid \\d+\\); give it to yourself \\(chown\\) or remove it\\.$`))
    const saved = await createKeytarVault({
      lock: createProcessLock({ file: keychainLockFile(foreign) }),
      loadKeytar: async () => {
        throw new Error('the keychain must not be reached without the lock')
      },
    }).saveActive({ accountKey: 'a11ce', username: 'alice', token: 'alice-token-1' })
    expect(saved).toMatchObject({ ok: false, error: { code: 'keychain', message: expect.stringMatching(/^Plexkey will not use .*: it belongs to another user/) } })
  })

  it('a new one is made owner-only', async () => {
    const config = join(dir, 'new', 'Plexkey')
    expect(await load(config)).toMatchObject({ ok: true, value: { created: true } })
    expect((await stat(config)).mode & 0o777).toBe(0o700)
  })
})

describe('files planted in the config directory', () => {
  it('a FIFO as client.json: read without hanging, moved aside, and a new id made', async () => {
    const made = spawnSync('mkfifo', [join(dir, 'client.json')])
    expect(made.status).toBe(0)
    const loaded = await load(dir)
    expect(loaded).toMatchObject({ ok: true, value: { created: true, movedAside: expect.stringMatching(/client\.json\.corrupt-/) } })
    expect((await stat(join(dir, 'client.json'))).isFile()).toBe(true)
  })

  it('a lock held by a live process that never lets go: the wait ends, naming its pid', async () => {
    const file = join(dir, 'keychain.lock')
    // pid 1 runs as long as the machine does; `at` in the future never grows stale.
    await writeFile(file, JSON.stringify({ pid: 1, host: hostname(), nonce: 'planted', at: Date.now() + 10 * 365 * 86_400_000 }))
    const waits: unknown[] = []
    const lock = createProcessLock({ file, pollMs: 5, waitMs: 100, onWait: (owner) => waits.push(owner) })
    await expect(lock.hold(async () => 'never')).rejects.toMatchObject({
      code: 'ELOCKWAIT',
      message: `${file} has been held by process 1 for over 0 seconds; if that process is stuck, end it (or remove the file), then try again.`,
    })
    expect(waits).toEqual([{ pid: 1, host: hostname() }])
    const vault = createKeytarVault({
      lock: createProcessLock({ file, pollMs: 5, waitMs: 100 }),
      loadKeytar: async () => {
        throw new Error('the keychain must not be reached without the lock')
      },
    })
    expect(await vault.saveActive({ accountKey: 'a11ce', username: 'alice', token: 'alice-token-1' })).toMatchObject({
      ok: false,
      error: { code: 'keychain', retryable: true, message: expect.stringContaining('held by process 1 for over') },
    })
  })
})
