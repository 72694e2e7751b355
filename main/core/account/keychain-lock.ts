import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'

/**
 * Keeps the processes that share one keychain (the app and any number of `plexkey` commands) from
 * interleaving their read-then-write changes of Plexkey's entries: the `active` marker, and a
 * Plex JWT renewal that must reach plex.tv at most once and save only over the token it started from.
 */
export interface KeychainLock {
  /**
   * Runs `op` once no other holder, in this process or another, holds the lock. Calls made from
   * within `op` (its own awaits) run at once instead of waiting for themselves. Throws when the
   * lock file cannot be used at all (an unwritable config directory).
   */
  hold<T>(op: () => Promise<T>): Promise<T>
}

export interface KeychainLockOptions {
  /** The lock file (in the config directory). Without one, only this process's callers take turns. */
  readonly file?: string
  /**
   * A lock this old is taken as abandoned even when its owner still seems to run (a pid reused
   * after a crash, or an owner on another machine sharing the directory). Far above the longest
   * hold: a renewal's three plex.tv requests at their 10 s deadline each.
   */
  readonly staleMs?: number
  /** How often a waiting process looks at the lock file again. */
  readonly pollMs?: number
}

/** What the lock file holds: who took it and when. Never a secret. */
interface Owner {
  readonly pid: number
  readonly host: string
  readonly nonce: string
  readonly at: number
}

/** The one lock file the app and every command agree on, beside client.json. */
export function keychainLockFile(configDir: string): string {
  return join(configDir, 'keychain.lock')
}

const DEFAULT_STALE_MS = 120_000
const DEFAULT_POLL_MS = 25

export function createKeychainLock(options: KeychainLockOptions = {}): KeychainLock {
  // Marks the async work running under this process's hold; `held` turns false on release, so a
  // timer that op left behind and that fires later does not count as the holder.
  const holding = new AsyncLocalStorage<{ held: boolean }>()
  let tail: Promise<unknown> = Promise.resolve()
  const file = options.file
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS

  return {
    hold<T>(op: () => Promise<T>): Promise<T> {
      if (holding.getStore()?.held) return op()
      const run = tail.then(async () => {
        const release = file ? await acquire(file, staleMs, pollMs) : null
        const holder = { held: true }
        try {
          return await holding.run(holder, op)
        } finally {
          holder.held = false
          await release?.()
        }
      })
      tail = run.catch(() => undefined)
      return run
    },
  }
}

/** Takes the lock file (exclusive create), waiting while another live owner holds it. */
async function acquire(file: string, staleMs: number, pollMs: number): Promise<() => Promise<void>> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const me: Owner = { pid: process.pid, host: hostname(), nonce: randomBytes(12).toString('hex'), at: Date.now() }
  for (;;) {
    if (await tryCreate(file, me)) return () => releaseIfMine(file, me.nonce)
    const owner = await readOwner(file)
    if (owner === 'gone') continue
    if (owner === 'unreadable' ? await olderThan(file, staleMs) : abandoned(owner, staleMs)) {
      await breakStale(file, owner === 'unreadable' ? null : owner.nonce)
      continue
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

async function tryCreate(file: string, me: Owner): Promise<boolean> {
  let handle
  try {
    handle = await open(file, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(JSON.stringify(me))
  } finally {
    await handle.close()
  }
  return true
}

async function readOwner(file: string): Promise<Owner | 'gone' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    throw error
  }
  try {
    const value = JSON.parse(text) as Partial<Owner>
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.nonce === 'string' && typeof value.at === 'number') {
      return value as Owner
    }
  } catch {
    // Created but not yet written, or cut short by a crash: judged by its age below.
  }
  return 'unreadable'
}

/** An owner that died (kill -9, a crash) on this machine, or one that has held it far too long. */
function abandoned(owner: Owner, staleMs: number): boolean {
  if (Date.now() - owner.at > staleMs) return true
  if (owner.host !== hostname()) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    // EPERM: it runs, as someone else. Only ESRCH says there is no such process.
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms
  } catch {
    return false
  }
}

/**
 * Removes an abandoned lock. Moved aside first, then checked: if another waiter broke it and took
 * the lock in between, what was moved is that waiter's live lock, and it goes back (link refuses
 * to replace a lock a third process took meanwhile).
 */
async function breakStale(file: string, staleNonce: string | null): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(6).toString('hex')}`
  try {
    await rename(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = await readOwner(aside)
  const wasStale = moved === 'gone' || moved === 'unreadable' ? staleNonce === null : moved.nonce === staleNonce
  if (!wasStale) await link(aside, file).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}

async function releaseIfMine(file: string, nonce: string): Promise<void> {
  const owner = await readOwner(file).catch(() => 'gone' as const)
  // Not ours any more only if it was judged abandoned and taken over: leave the new owner's alone.
  if (owner !== 'gone' && owner !== 'unreadable' && owner.nonce === nonce) await unlink(file).catch(() => undefined)
}
