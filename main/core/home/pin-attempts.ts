import { join } from 'node:path'
import { z } from 'zod'
import type { Result } from '../../../preload/api'
import { readTextFile, writeFileAtomic } from '../config/atomic-file'
import { fail, ok, okVoid } from '../result'

/** Wrong Home PINs in a row for one profile of one account, and when the last one was sent. */
export interface PinMisses {
  readonly misses: number
  readonly lastMissAt: number
}

/** Wrong PINs in a row that cost nothing; from the next one on, each try waits. */
export const FREE_MISSES = 3
const FIRST_WAIT_MS = 5_000
const LONGEST_WAIT_MS = 5 * 60_000

/**
 * When the next PIN may be sent: null at once. After three misses in a row the wait is 5 s,
 * then 10 s, 20 s… up to 5 minutes, counted from the last miss (never from a time ahead of `now`,
 * so a clock set back cannot make it longer than that).
 */
export function nextTryAt(record: PinMisses | undefined, now: number): number | null {
  if (!record || record.misses < FREE_MISSES) return null
  const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(record.misses - FREE_MISSES, 16))
  const at = Math.min(record.lastMissAt, now) + wait
  return at > now ? at : null
}

/**
 * The misses of every profile, kept in a small file in the config directory so that the app and
 * every `plexkey` process count together. It holds counts and times only, never a PIN. Callers
 * read and write it under the keychain lock (vault.exclusively), where profiles are switched.
 */
export interface PinAttempts {
  get(accountUuid: string, userUuid: string): Promise<PinMisses | undefined>
  /** Counts one more wrong PIN; returns the count now kept. */
  missed(accountUuid: string, userUuid: string, now: number): Promise<Result<PinMisses>>
  /** The right PIN: the count starts over. */
  succeeded(accountUuid: string, userUuid: string): Promise<Result<void>>
}

export const PIN_ATTEMPTS_FILE = 'home-pin-attempts.json'

const recordSchema = z.object({ misses: z.int().min(0).max(1_000_000), lastMissAt: z.number().finite() })
const fileSchema = z.record(z.string().max(300), recordSchema)
type Records = Readonly<Record<string, PinMisses>>

const keyOf = (accountUuid: string, userUuid: string): string => `${accountUuid} ${userUuid}`

export function createPinAttempts(configDir: string): PinAttempts {
  const file = join(configDir, PIN_ATTEMPTS_FILE)

  // A file that is missing or not in this form counts nothing: it holds no secret, and only its
  // owner can write the config directory (see trusted-dir.ts).
  async function load(): Promise<Records> {
    const read = await readTextFile(file, 64 * 1024)
    if (read.kind !== 'text') return {}
    try {
      const parsed = fileSchema.safeParse(JSON.parse(read.text))
      return parsed.success ? parsed.data : {}
    } catch {
      return {}
    }
  }

  async function save(records: Records): Promise<Result<void>> {
    try {
      await writeFileAtomic(file, `${JSON.stringify(records)}\n`)
      return okVoid
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
      return fail('unknown', `Plexkey could not count the wrong PIN in ${file} (${code}). Check that its config directory is writable.`)
    }
  }

  return {
    get: async (accountUuid, userUuid) => (await load())[keyOf(accountUuid, userUuid)],
    missed: async (accountUuid, userUuid, now) => {
      const records = await load()
      const key = keyOf(accountUuid, userUuid)
      const record = { misses: (records[key]?.misses ?? 0) + 1, lastMissAt: now }
      const saved = await save({ ...records, [key]: record })
      return saved.ok ? ok(record) : saved
    },
    succeeded: async (accountUuid, userUuid) => {
      const records = await load()
      const key = keyOf(accountUuid, userUuid)
      if (!(key in records)) return okVoid
      const { [key]: _, ...rest } = records
      return save(rest)
    },
  }
}
