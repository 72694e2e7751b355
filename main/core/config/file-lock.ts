import { open, stat, unlink } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

export interface FileLockOptions {
  /** A lock older than this was left by a process that died holding it, and is broken. */
  readonly staleMs?: number
  /** How long a process waiting for the lock waits before it tries again. */
  readonly retryMs?: number
}

/**
 * Runs `fn` while this process alone holds `<path>.lock`. The lock file is created exclusively
 * (O_EXCL), which every OS and local file system honours between processes; others wait for it to
 * go. A lock left behind by a crashed process is broken once it is `staleMs` old; two processes
 * breaking the same stale lock at once could both go on, which is why it takes that long.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`
  const staleMs = options.staleMs ?? 10_000
  const retryMs = options.retryMs ?? 20
  while (!(await tryLock(lockPath))) {
    const age = await ageOf(lockPath)
    if (age !== null && age > staleMs) await unlink(lockPath).catch(() => undefined)
    else await sleep(retryMs)
  }
  try {
    return await fn()
  } finally {
    await unlink(lockPath).catch(() => undefined)
  }
}

async function tryLock(lockPath: string): Promise<boolean> {
  try {
    await (await open(lockPath, 'wx', 0o600)).close()
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** How old the lock is, or null when it has gone meanwhile. */
async function ageOf(lockPath: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs
  } catch {
    return null
  }
}
