import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { link, open, rename, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { openRegular } from './atomic-file'
import { ensureTrustedDir } from './trusted-dir'

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
 * Taking over an abandoned lock is itself exclusive: only the waiter that creates `<lock>.break`
 * (exclusive create) may remove the lock, and only after reading it again under that file and
 * finding the very lock it judged abandoned; the others wait. So two waiters never break the same
 * lock, and none removes a lock another has just taken. A break file left by a breaker that died
 * in those few milliseconds is itself removed once its owner is gone (or after `staleMs`).
 *
 * A wait has a deadline (`waitMs`): a lock held far longer than any real hold (a holder that hangs,
 * or one planted to keep a sign-in from being saved) ends the wait with an error naming its pid.
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
  /** The longest a hold waits for another holder before failing (code ELOCKWAIT). One minute unless said otherwise. */
  readonly waitMs?: number
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
// Twice the longest real hold: past it, the holder is stuck (or was never a real one).
const DEFAULT_WAIT_MS = 60_000

export function createProcessLock(options: ProcessLockOptions = {}): ProcessLock {
  // Marks the async work running under this process's hold; `held` turns false on release, so a
  // timer that op left behind and that fires later does not count as the holder.
  const holding = new AsyncLocalStorage<{ held: boolean }>()
  let tail: Promise<unknown> = Promise.resolve()
  const file = options.file
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS

  return {
    hold<T>(op: () => Promise<T>): Promise<T> {
      if (holding.getStore()?.held) return op()
      const run = tail.then(async () => {
        const release = file ? await acquire(file, { staleMs, pollMs, waitMs, onWait: options.onWait }) : null
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

interface Timing {
  readonly staleMs: number
  readonly pollMs: number
  readonly waitMs: number
  readonly onWait: ((owner: LockOwner | null) => void) | undefined
}

/** Takes the lock file (exclusive create), waiting while another live owner holds it, at most `waitMs`. */
async function acquire(file: string, timing: Timing): Promise<() => Promise<void>> {
  // Whoever else can write to the directory could plant a lock there: such a directory is refused.
  await ensureTrustedDir(dirname(file))
  const me = ownRecord()
  const started = Date.now()
  let told = false
  for (;;) {
    if (await tryCreate(file, me)) return () => releaseIfMine(file, me.nonce)
    const owner = await readOwner(file)
    if (owner === 'gone') continue
    // Also while another waiter is breaking an abandoned lock and never finishes.
    if (Date.now() - started >= timing.waitMs) throw waitedTooLong(file, owner === 'unreadable' ? null : owner, timing.waitMs)
    if (owner === 'unreadable' ? await olderThan(file, timing.staleMs) : abandoned(owner, timing.staleMs)) {
      await breakStale(file, owner === 'unreadable' ? null : owner.nonce, timing.staleMs)
      continue
    }
    if (!told) {
      told = true
      timing.onWait?.(owner === 'unreadable' ? null : { pid: owner.pid, host: owner.host })
    }
    await new Promise((resolve) => setTimeout(resolve, timing.pollMs))
  }
}

function ownRecord(): Owner {
  return { pid: process.pid, host: hostname(), nonce: randomBytes(12).toString('hex'), at: Date.now() }
}

function waitedTooLong(file: string, owner: Owner | null, waitMs: number): NodeJS.ErrnoException {
  const who = owner === null ? 'a process that left no name in it' : `process ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`}`
  const error: NodeJS.ErrnoException = new Error(
    `${file} has been held by ${who} for over ${Math.round(waitMs / 1000)} seconds; if that process is stuck, end it (or remove the file), then try again.`,
  )
  error.code = 'ELOCKWAIT'
  error.path = file
  return error
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
    const handle = await openRegular(file)
    try {
      text = await handle.readFile('utf8')
    } finally {
      await handle.close()
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return 'gone'
    // A link or a FIFO in place of a lock: no owner to name; judged by its age like an empty file.
    if (code === 'ELOOP' || code === 'ENOTREG') return 'unreadable'
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
 * Removes an abandoned lock (`staleNonce` null: an unreadable one, judged by its age), if this
 * process gets to break it: see the module's comment. Returns when the caller should look again.
 */
async function breakStale(file: string, staleNonce: string | null, staleMs: number): Promise<void> {
  const breakFile = `${file}.break`
  const me = ownRecord()
  if (!(await tryCreate(breakFile, me))) {
    const breaker = await readOwner(breakFile)
    if (breaker === 'gone') return
    const dead = breaker === 'unreadable' ? await olderThan(breakFile, staleMs) : abandoned(breaker, staleMs)
    if (dead) await removeIf(breakFile, (moved) => (breaker === 'unreadable' ? moved === 'unreadable' : moved !== 'unreadable' && moved.nonce === breaker.nonce))
    // Another waiter is breaking it: its lock, or the next holder's, is there to read soon.
    await new Promise((resolve) => setTimeout(resolve, 1))
    return
  }
  const isTheStaleOne = (lock: Owner | 'unreadable'): boolean =>
    staleNonce === null ? lock === 'unreadable' : lock !== 'unreadable' && lock.nonce === staleNonce
  try {
    // Looked at again first, without moving it: a lock another waiter took since is left alone.
    const now = await readOwner(file)
    if (now !== 'gone' && isTheStaleOne(now)) await removeIf(file, isTheStaleOne)
  } finally {
    await releaseIfMine(breakFile, me.nonce)
  }
}

/**
 * Removes `file` if what it holds passes `check`: moved aside first, so what is checked is what is
 * removed; anything else goes back (a link never replaces a file created meanwhile).
 */
async function removeIf(file: string, check: (moved: Owner | 'unreadable') => boolean | Promise<boolean>): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(6).toString('hex')}`
  try {
    await rename(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = await readOwner(aside)
  if (moved === 'gone' || !(await check(moved))) await link(aside, file).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}

async function releaseIfMine(file: string, nonce: string): Promise<void> {
  const owner = await readOwner(file).catch(() => 'gone' as const)
  // Not ours any more only if it was judged abandoned and taken over: leave the new owner's alone.
  if (owner !== 'gone' && owner !== 'unreadable' && owner.nonce === nonce) await unlink(file).catch(() => undefined)
}
