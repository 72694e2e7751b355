import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'

/**
 * Keeps processes that share a config directory (the app and any number of `plexkey` commands)
 * from interleaving a read-then-write change of something they all keep: Plexkey's keychain
 * entries (`keychain.lock`), or the one repair of a corrupt client.json (`client.json.lock`).
 *
 * What it guarantees, on a local file system: while a lock file stands undisturbed, exactly one
 * holder runs (exclusive create); a holder killed with its lock held (kill -9, a crash) is taken
 * over at once by a waiter on the same machine, any other holder once its lock is `staleMs` old;
 * the lock file holds no secret, only who took it and when.
 *
 * What it does not guarantee: one holder at a time while an abandoned lock is being taken over.
 * A takeover moves the lock aside, reads it, and puts it back when it turns out to be a live lock
 * (another waiter broke the abandoned one and took the lock in between; see `breakStale`). When
 * two waiters break the same abandoned lock within a rename, a read and a link of each other:
 * - should a third process create the lock between the move and the put-back, the put-back fails
 *   (a link never replaces a file) and that process runs alongside the holder whose lock was moved;
 * - should that holder let go in the same instant, its lock is put back after it left, and the
 *   others wait until its process ends or `staleMs` passes (a delay, not an overlap);
 * - when the abandoned lock is unreadable (empty, cut short) there is no owner to compare, so the
 *   second waiter removes the lock the first has just created and not yet written, and goes in too.
 * Rare, as each needs that timing; but then two holders run together, as if there were no lock.
 * With one waiter at a time breaking an abandoned lock, and outside takeovers, none of this arises.
 */
export interface ProcessLock {
  /**
   * Runs `op` once no other holder, in this process or another, holds the lock. Calls made from
   * within `op` (its own awaits) run at once instead of waiting for themselves. Throws when the
   * lock file cannot be used at all (an unwritable config directory); when `op` throws, the lock
   * is let go and the error passed on.
   */
  hold<T>(op: () => Promise<T>): Promise<T>
}

export interface ProcessLockOptions {
  /** The lock file (in the config directory). Without one, only this process's callers take turns. */
  readonly file?: string
  /**
   * A lock this old is taken as abandoned even when its owner still seems to run (a pid reused
   * after a crash, or an owner on another machine sharing the directory). Far above the longest
   * hold. Two minutes unless said otherwise.
   */
  readonly staleMs?: number
  /** How often a waiting process looks at the lock file again. */
  readonly pollMs?: number
  /**
   * Told once per hold that has to wait for another holder (null: one whose lock file is not yet
   * readable), so a command that seems to hang can say why in its diagnostics.
   */
  readonly onWait?: (owner: LockOwner | null) => void
}

/** Who holds the lock, as far as the file says: never a secret. */
export interface LockOwner {
  readonly pid: number
  readonly host: string
}

/** What the lock file holds: who took it and when. Never a secret. */
interface Owner {
  readonly pid: number
  readonly host: string
  readonly nonce: string
  readonly at: number
}

// Far above the longest hold: a keychain change around a Plex JWT renewal, whose three plex.tv
// requests have a 10 s deadline each.
const DEFAULT_STALE_MS = 120_000
const DEFAULT_POLL_MS = 25

export function createProcessLock(options: ProcessLockOptions = {}): ProcessLock {
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
        const release = file ? await acquire(file, staleMs, pollMs, options.onWait) : null
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
async function acquire(
  file: string,
  staleMs: number,
  pollMs: number,
  onWait: ((owner: LockOwner | null) => void) | undefined,
): Promise<() => Promise<void>> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const me: Owner = { pid: process.pid, host: hostname(), nonce: randomBytes(12).toString('hex'), at: Date.now() }
  let told = false
  for (;;) {
    if (await tryCreate(file, me)) return () => releaseIfMine(file, me.nonce)
    const owner = await readOwner(file)
    if (owner === 'gone') continue
    if (owner === 'unreadable' ? await olderThan(file, staleMs) : abandoned(owner, staleMs)) {
      await breakStale(file, owner === 'unreadable' ? null : owner.nonce)
      continue
    }
    if (!told) {
      told = true
      onWait?.(owner === 'unreadable' ? null : { pid: owner.pid, host: owner.host })
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
 * the lock in between, what was moved is that waiter's live lock (another nonce), and it goes
 * back. Link refuses to replace a lock a third process took meanwhile: then the put-back fails,
 * the case the module's comment owns up to. An unreadable lock has no nonce to compare: whatever
 * unreadable file was moved is removed, even one another waiter had just created and not yet
 * written.
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
