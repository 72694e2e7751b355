import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { type FileHandle, link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Files that are either wholly written or not there at all: the data goes to a temporary file in
 * the same directory, is flushed to disk, and only then takes the real name (rename and link are
 * atomic within a directory). A crash at any point leaves the old file or the new one, never half
 * of either. Errors are thrown as Node's own (with `code`), for the caller to explain.
 */

export interface AtomicWriteOptions {
  /** File mode; default 0o600 (owner only): these files describe this install. */
  readonly mode?: number
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
}

/** Flushes the directory entry, so the rename itself survives a power cut. Not possible everywhere. */
async function syncDir(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Windows cannot open directories, and some file systems refuse fsync on them.
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error
  } finally {
    await handle?.close()
  }
}

async function writeTemp(path: string, data: string | Uint8Array, mode: number): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const temp = tempPathFor(path)
  const handle = await open(temp, 'wx', mode)
  try {
    await handle.writeFile(data)
    // open() applies the umask; set the exact mode before the file becomes visible.
    await handle.chmod(mode)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await handle.close()
  return temp
}

/** Replaces `path` with `data` atomically (temp file, fsync, rename, fsync of the directory). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = await writeTemp(path, data, options.mode ?? 0o600)
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await syncDir(dirname(path))
}

/**
 * Creates `path` with `data` atomically, only if it does not exist yet: two processes starting for
 * the first time at once cannot both win. Returns 'exists' when another writer got there first.
 */
export async function createFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<'created' | 'exists'> {
  const temp = await writeTemp(path, data, options.mode ?? 0o600)
  try {
    // link() never replaces an existing file, unlike rename().
    await link(temp, path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return 'exists'
    // File systems without hard links (FAT, some network mounts): fall back to a plain atomic replace.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
    await rename(temp, path)
    await syncDir(dirname(path))
    return 'created'
  } finally {
    await unlink(temp).catch(() => undefined)
  }
  await syncDir(dirname(path))
  return 'created'
}

export type ReadTextResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'unreadable'; readonly error: NodeJS.ErrnoException }

/**
 * Opens a file for reading only if it is a regular file under that very name: a symbolic link is
 * refused (ELOOP), and a FIFO or a device is opened without blocking and refused (ENOTREG), so a
 * file planted in the config directory can neither redirect a read nor hang it.
 * (O_NOFOLLOW and O_NONBLOCK are 0 on Windows, which has neither FIFOs in folders nor this risk.)
 */
export async function openRegular(path: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  const info = await handle.stat().catch(async (error: unknown) => {
    await handle.close()
    throw error
  })
  if (info.isFile()) return handle
  await handle.close()
  const error: NodeJS.ErrnoException = new Error(`${path} is not a regular file`)
  error.code = 'ENOTREG'
  error.path = path
  throw error
}

/** Reads a small UTF-8 file, telling "not there" apart from "there but unreadable". */
export async function readTextFile(path: string, maxBytes = 1024 * 1024): Promise<ReadTextResult> {
  try {
    const handle = await openRegular(path)
    try {
      const { size } = await handle.stat()
      if (size > maxBytes) {
        const error: NodeJS.ErrnoException = new Error(`${path} is larger than ${maxBytes} bytes`)
        error.code = 'EFBIG'
        return { kind: 'unreadable', error }
      }
      return { kind: 'text', text: await readFile(handle, 'utf8') }
    } finally {
      await handle.close()
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    // ENOTDIR: a parent is a file, so this file cannot exist either.
    return e.code === 'ENOENT' || e.code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', error: e }
  }
}

/**
 * Moves a bad file out of the way (`<name>.corrupt-<timestamp>`) instead of overwriting it, so
 * whatever it held can still be inspected. Returns the new path.
 */
export async function moveAside(path: string, now: number = Date.now()): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-')
  let target = `${path}.corrupt-${stamp}`
  for (let n = 1; ; n++) {
    try {
      await link(path, target)
      break
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') {
        target = `${path}.corrupt-${stamp}-${n}`
        continue
      }
      // ENOENT as well: where link() follows a symbolic link (macOS), a dangling one cannot be linked,
      // but it can be renamed; when the file itself is gone, rename says so.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'ENOENT') throw error
      await rename(path, target)
      return target
    }
  }
  await unlink(path)
  return target
}
