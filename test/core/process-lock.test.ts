import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKeytarVault, keychainLockFile } from '../../main/core/account/keytar-vault'
import { createProcessLock } from '../../main/core/config/process-lock'
import { lockOfDeadOwner } from '../support/dead-pid'
import { gate } from '../support/gate'
import { until } from '../support/signin-fixture'

// Two lock objects on one file stand for two processes: each has its own in-process queue, and
// only the lock file (exclusive create) keeps them apart. A real child process holds it below.

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-lock-'))
  file = join(dir, 'config', 'test.lock')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the process lock', () => {
  it('lets one holder in at a time across lock objects on the same file, and leaves no file behind', async () => {
    const first = createProcessLock({ file, pollMs: 5 })
    const waits: unknown[] = []
    const second = createProcessLock({ file, pollMs: 5, onWait: (owner) => waits.push(owner) })
    const events: string[] = []
    const held = gate()
    const entered = gate()
    const a = first.hold(async () => {
      events.push('a in')
      entered.open()
      await held.opened
      events.push('a out')
    })
    await entered.opened
    // The lock file names its owner and nothing else: no secret ever goes into it.
    const owner = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    expect(Object.keys(owner).sort()).toEqual(['at', 'host', 'nonce', 'pid'])
    expect(owner['pid']).toBe(process.pid)
    const b = second.hold(async () => {
      events.push('b in')
    })
    // b finds the file taken, says so once, naming the owner, and keeps polling while a holds it.
    await until(() => waits.length > 0, 'the second to wait')
    expect(waits).toEqual([{ pid: process.pid, host: hostname() }])
    expect(events).toEqual(['a in'])
    held.open()
    await Promise.all([a, b])
    expect(events).toEqual(['a in', 'a out', 'b in'])
    expect(waits).toHaveLength(1)
    expect(await readdir(join(dir, 'config'))).toEqual([])
  })

  it('lets go when the work fails, passing the error on, and the next holder goes in', async () => {
    const lock = createProcessLock({ file })
    await expect(lock.hold(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
    expect(await readdir(join(dir, 'config'))).toEqual([])
    // Another process finds no lock left behind: it goes in at once, however long staleMs is.
    expect(await createProcessLock({ file, staleMs: 60 * 60_000 }).hold(async () => 'next')).toBe('next')
  })

  it('runs a call made from within the holder at once, and a call from a timer left behind waits its turn', async () => {
    const lock = createProcessLock({ file })
    const inner = await lock.hold(() => lock.hold(async () => 'nested'))
    expect(inner).toBe('nested')

    const fired = gate()
    const held = gate()
    let late: Promise<void> | null = null
    let lateRan = false
    await lock.hold(async () => {
      // Inherits the holder's async context, but fires after it has let go: it must queue.
      setTimeout(() => {
        late = lock.hold(async () => {
          lateRan = true
        })
        fired.open()
      }, 0)
    })
    const other = lock.hold(() => held.opened)
    await fired.opened
    expect(lateRan).toBe(false)
    held.open()
    await other
    await late
    expect(lateRan).toBe(true)
  })

  it('takes over at once from an owner that died (kill -9) without letting go', async () => {
    await createProcessLock({ file }).hold(async () => undefined) // creates the directory
    await writeFile(file, await lockOfDeadOwner())
    const lock = createProcessLock({ file, staleMs: 60 * 60_000 })
    expect(await lock.hold(async () => 'mine')).toBe('mine')
    expect(await readdir(join(dir, 'config'))).toEqual([])
  })

  it('breaks an abandoned lock only after creating <lock>.break: while another waiter holds that, it leaves the lock alone', async () => {
    await createProcessLock({ file }).hold(async () => undefined) // creates the directory
    const abandoned = await lockOfDeadOwner()
    await writeFile(file, abandoned)
    // Another waiter, alive (this test's pid), is breaking it this very moment.
    await writeFile(`${file}.break`, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'breaker', at: Date.now() }))
    await expect(createProcessLock({ file, pollMs: 5, waitMs: 200 }).hold(async () => 'mine')).rejects.toMatchObject({ code: 'ELOCKWAIT' })
    expect(await readFile(file, 'utf8')).toBe(abandoned)
    // That breaker died before it finished: its break file is cleared, the lock broken, and no file left.
    await writeFile(`${file}.break`, await lockOfDeadOwner())
    expect(await createProcessLock({ file, pollMs: 5 }).hold(async () => 'mine')).toBe('mine')
    expect(await readdir(join(dir, 'config'))).toEqual([])
  })

  it('takes over from a live owner only once its lock is older than the stale limit', async () => {
    const lock = createProcessLock({ file, staleMs: 60_000, pollMs: 5 })
    await lock.hold(async () => undefined)
    // A live pid (this test's own), an hour old: a hung holder, or a pid reused after a crash.
    await writeFile(file, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'old', at: Date.now() - 60 * 60_000 }))
    expect(await lock.hold(async () => 'mine')).toBe('mine')
  })

  it('takes over an empty or unreadable lock file by its age, and waits while it is young', async () => {
    const waits: unknown[] = []
    const lock = createProcessLock({ file, staleMs: 60_000, pollMs: 5, onWait: (owner) => waits.push(owner) })
    await lock.hold(async () => undefined)
    await writeFile(file, '')
    let entered = false
    const waiting = lock.hold(async () => {
      entered = true
    })
    // It has looked, found the file young, and waits: no owner to name.
    await until(() => waits.length > 0, 'the wait')
    expect(waits).toEqual([null])
    expect(entered).toBe(false)
    const past = new Date(Date.now() - 5 * 60_000)
    await utimes(file, past, past)
    await waiting
    expect(entered).toBe(true)
  })

  it('waits for a lock held by another process, and goes in when that process is killed', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs'); fs.mkdirSync(require('node:path').dirname(process.argv[1]), { recursive: true });
         fs.writeFileSync(process.argv[1], JSON.stringify({ pid: process.pid, host: require('node:os').hostname(), nonce: 'child', at: Date.now() }), { flag: 'wx' });
         process.stdout.write('held\\n'); setInterval(() => {}, 1000)`,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()))
    const waits: unknown[] = []
    const lock = createProcessLock({ file, pollMs: 5, onWait: (owner) => waits.push(owner) })
    let entered = false
    const waiting = lock.hold(async () => {
      entered = true
    })
    await until(() => waits.length > 0, 'the wait')
    expect(waits).toEqual([{ pid: child.pid, host: hostname() }])
    expect(entered).toBe(false)
    child.kill('SIGKILL')
    await waiting
    expect(entered).toBe(true)
  })

  it('fails plainly when the lock file cannot be made, and lets the next caller try', async () => {
    const blocker = join(dir, 'not-a-dir')
    await writeFile(blocker, '')
    const lock = createProcessLock({ file: join(blocker, 'test.lock') })
    await expect(lock.hold(async () => 'never')).rejects.toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) })
    await expect(lock.hold(async () => 'never')).rejects.toBeDefined()
  })

  it('in the vault, a lock that cannot be taken is a keychain error naming the file, and the keychain is not touched', async () => {
    const blocker = join(dir, 'not-a-dir')
    await writeFile(blocker, '')
    let loaded = false
    const vault = createKeytarVault({
      lock: createProcessLock({ file: keychainLockFile(blocker) }),
      loadKeytar: async () => {
        loaded = true
        throw new Error('the keychain must not be reached without the lock')
      },
    })
    const saved = await vault.saveActive({ accountKey: 'a11ce', username: 'alice', token: 'alice-token-1' })
    expect(saved).toMatchObject({ ok: false, error: { code: 'keychain', retryable: true } })
    expect(saved.ok ? '' : saved.error.message).toMatch(/^Plexkey could not take its keychain lock \(.*not-a-dir.*\): (ENOTDIR|EEXIST)\. Check that its config directory is writable/)
    expect(await vault.exclusively(async () => 'never')).toMatchObject({ ok: false, error: { code: 'keychain' } })
    expect(loaded).toBe(false)
  })
})
