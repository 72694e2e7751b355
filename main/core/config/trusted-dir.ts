import { mkdir, stat } from 'node:fs/promises'

/**
 * The config directory as Plexkey will use it: created (owner only) when missing, and refused when
 * it belongs to another user or others may write to it. Whoever can write there can plant a lock
 * that keeps an approved sign-in from being saved, or a FIFO that hangs the reader of a file. The
 * error carries a sentence saying how to fix it (code EUNTRUSTED). Windows has no such modes: there
 * the folder's ACL, inherited from the profile, is the guard, and nothing is checked.
 */
export async function ensureTrustedDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const uid = process.getuid?.()
  if (uid === undefined) return
  const info = await stat(dir)
  if (!info.isDirectory()) return // mkdir would have failed; left for the caller's own error
  if (info.uid !== uid) throw untrusted(dir, `Plexkey will not use ${dir}: it belongs to another user (uid ${info.uid}); give it to yourself (chown) or remove it.`)
  if ((info.mode & 0o022) !== 0) {
    throw untrusted(dir, `Plexkey will not use ${dir}: other users can write to it; make it yours alone with \`chmod 700 "${dir}"\`.`)
  }
}

function untrusted(path: string, message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message)
  error.code = 'EUNTRUSTED'
  error.path = path
  return error
}
