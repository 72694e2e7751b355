import { randomUUID } from 'node:crypto'
import * as os from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { Result } from '../../../preload/api'
import { fail, ok } from '../result'
import { createFileAtomic, moveAside, readTextFile } from '../config/atomic-file'
import { fileErrorReason } from '../config/file-error'
import { createProcessLock } from '../config/process-lock'
import { ensureTrustedDir } from '../config/trusted-dir'
import type { Logger } from '../log'
import { createLogger } from '../log'

/**
 * Who this install is to plex.tv: the six `GetPinRequest` fields, sent as X-Plex-* headers on
 * every request. The client id is generated once and kept: plex.tv lists the install under it in
 * the user's Authorized Devices, and a PIN can only be polled with the id that created it.
 */
export interface ClientIdentity {
  readonly clientId: string
  readonly product: string
  readonly version: string
  readonly platform: string
  readonly platformVersion: string
  readonly device: string
  readonly deviceName: string
}

export interface LoadedClientIdentity extends ClientIdentity {
  /** True when this call generated the client id (first run, or after a corrupt file). */
  readonly created: boolean
  /** Where a corrupt or unreadable client.json was moved, when that happened. */
  readonly movedAside?: string
}

/** What the identity reads from the operating system; node:os unless a test says otherwise. */
export interface SystemInfo {
  type(): string
  release(): string
  hostname(): string
}

export interface LoadClientIdentityOptions {
  readonly configDir: string
  readonly version: string
  readonly system?: SystemInfo
  readonly logger?: Logger
  readonly now?: () => number
}

export const CLIENT_FILE = 'client.json'

// The repair is a read, a rename and a write: a lock on it this old (held by a hung process, or
// one on another machine) is abandoned. A holder that died is taken over at once anyway.
const REPAIR_STALE_MS = 10_000

const clientFileSchema = z.object({
  clientId: z.uuid(),
  createdAt: z.iso.datetime(),
})

/** os.type() names as people know them. */
function osName(type: string): string {
  switch (type) {
    case 'Linux':
      return 'Linux'
    case 'Darwin':
      return 'macOS'
    case 'Windows_NT':
      return 'Windows'
    default:
      return type || 'Unknown'
  }
}

type Stored = { readonly kind: 'valid'; readonly clientId: string } | { readonly kind: 'missing' } | { readonly kind: 'bad'; readonly why: string }


async function readStored(path: string): Promise<Stored> {
  const read = await readTextFile(path, 64 * 1024)
  if (read.kind === 'missing') return read
  // A link is never followed (it could point anywhere), nor a FIFO read (it would hang).
  if (read.kind === 'unreadable' && read.error.code === 'ELOOP') return { kind: 'bad', why: 'a symbolic link' }
  if (read.kind === 'unreadable' && read.error.code === 'ENOTREG') return { kind: 'bad', why: 'not a regular file' }
  if (read.kind === 'unreadable') return { kind: 'bad', why: `unreadable (${read.error.code ?? read.error.message})` }
  let json: unknown
  try {
    json = JSON.parse(read.text)
  } catch {
    return { kind: 'bad', why: 'not valid JSON' }
  }
  const parsed = clientFileSchema.safeParse(json)
  return parsed.success ? { kind: 'valid', clientId: parsed.data.clientId } : { kind: 'bad', why: 'missing or invalid fields' }
}

/**
 * Loads the client identity, creating the client id on first run. A client.json that cannot be
 * read or understood is moved aside (never overwritten) and reported, and a new id is made.
 */
export async function loadClientIdentity(options: LoadClientIdentityOptions): Promise<Result<LoadedClientIdentity>> {
  const { configDir, version } = options
  const system = options.system ?? os
  const logger = options.logger ?? createLogger('identity')
  const now = options.now ?? Date.now
  const path = join(configDir, CLIENT_FILE)
  const osLabel = osName(system.type())
  const describe = (clientId: string): ClientIdentity => ({
    clientId,
    product: 'Plexkey',
    version,
    platform: osLabel,
    platformVersion: system.release(),
    device: osLabel,
    deviceName: system.hostname() || 'Unknown',
  })

  /** A new client id, unless another process saved one first: then that one, for every process. */
  async function create(movedAside: string | undefined): Promise<Result<LoadedClientIdentity>> {
    const clientId = randomUUID()
    const content = `${JSON.stringify({ clientId, createdAt: new Date(now()).toISOString() }, null, 2)}\n`
    try {
      const outcome = await createFileAtomic(path, content, { mode: 0o600 })
      if (outcome === 'created') {
        return ok({ ...describe(clientId), created: true, ...(movedAside ? { movedAside } : {}) })
      }
    } catch (error) {
      return fail('unknown', `Plexkey cannot save its client id in ${configDir} (${fileErrorReason(error)}).`)
    }
    const winner = await readStored(path)
    if (winner.kind === 'valid') {
      return ok({ ...describe(winner.clientId), created: false, ...(movedAside ? { movedAside } : {}) })
    }
    return fail('unknown', `Plexkey's client file ${path} changed while it was being created. Try again.`)
  }

  /**
   * Under the lock, so only one process moves a bad file aside: each looks again once it holds
   * it, and finds the id the one before it made. Without the lock, a process that read the bad
   * file could move aside (or delete) the new one another process had just written.
   */
  async function repair(): Promise<Result<LoadedClientIdentity>> {
    const stored = await readStored(path)
    if (stored.kind === 'valid') return ok({ ...describe(stored.clientId), created: false })
    if (stored.kind === 'missing') return create(undefined)
    let movedAside: string | undefined
    try {
      movedAside = await moveAside(path, now())
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        return fail(
          'unknown',
          `Plexkey's client file ${path} is ${stored.why} and could not be moved aside (${fileErrorReason(error)}). Move or delete it, then try again.`,
        )
      }
    }
    if (movedAside) logger.warn(`client.json was ${stored.why}; moved it aside and made a new client id`, { movedAside })
    return create(movedAside)
  }

  try {
    await ensureTrustedDir(configDir)
  } catch (error) {
    const untrusted = (error as NodeJS.ErrnoException).code === 'EUNTRUSTED'
    return fail('unknown', untrusted ? (error as Error).message : `Plexkey cannot save its client id in ${configDir} (${fileErrorReason(error)}).`)
  }
  const stored = await readStored(path)
  if (stored.kind === 'valid') return ok({ ...describe(stored.clientId), created: false })
  if (stored.kind === 'missing') return create(undefined)
  try {
    return await createProcessLock({ file: `${path}.lock`, staleMs: REPAIR_STALE_MS }).hold(repair)
  } catch (error) {
    return fail('unknown', `Plexkey cannot repair its client file in ${configDir} (${fileErrorReason(error)}).`)
  }
}
