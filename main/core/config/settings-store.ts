import { join } from 'node:path'
import { z } from 'zod'
import type { Result, Settings } from '../../../preload/api'
import type { Logger } from '../log'
import { fail, ok } from '../result'
import { moveAside, readTextFile, writeFileAtomic } from './atomic-file'
import { fileErrorReason } from './file-error'

export const SETTINGS_FILE = 'settings.json'

export const defaultSettings: Settings = { openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false }

/**
 * The file on disk, field by field: a missing field takes its default (older files), and so does
 * a field with a wrong value, without costing the others their valid values.
 */
const fieldSchemas = {
  openAtLogin: z.boolean(),
  authScheme: z.enum(['legacy', 'jwt']),
  allowUnencryptedServers: z.boolean(),
} as const satisfies Readonly<Record<keyof Settings, z.ZodType>>

type FieldName = keyof typeof fieldSchemas

/** The settings a JSON object names, and the fields it names with values that cannot be used. */
function readFields(json: Readonly<Record<string, unknown>>): { readonly settings: Settings; readonly ignored: readonly FieldName[] } {
  const ignored: FieldName[] = []
  const pick = <K extends FieldName>(name: K): Settings[K] => {
    if (!Object.hasOwn(json, name)) return defaultSettings[name]
    const parsed = fieldSchemas[name].safeParse(json[name])
    if (parsed.success) return parsed.data as Settings[K]
    ignored.push(name)
    return defaultSettings[name]
  }
  return {
    settings: { openAtLogin: pick('openAtLogin'), authScheme: pick('authScheme'), allowUnencryptedServers: pick('allowUnencryptedServers') },
    ignored,
  }
}

export interface SettingsStore {
  /** The settings in force (defaults until `load` ran). */
  get(): Settings
  /**
   * Reads the file. Missing: defaults. Not a JSON object: the file is moved aside
   * (`settings.json.corrupt-<time>`, so nothing is lost) and defaults apply. A field with a value
   * that cannot be used takes its default alone, and the log names it.
   */
  load(): Promise<Result<Settings>>
  /** Saves a patch atomically; on failure nothing changes, on disk or in memory. */
  update(patch: Partial<Settings>): Promise<Result<Settings>>
}

export interface SettingsStoreOptions {
  readonly configDir: string
  readonly logger?: Logger
  readonly now?: () => number
}

/** The app's preferences, one small JSON file beside client.json in the config directory. */
export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const path = join(options.configDir, SETTINGS_FILE)
  let current: Settings = defaultSettings
  // Saves run one at a time, so two quick toggles cannot land out of order.
  let queue: Promise<unknown> = Promise.resolve()

  async function setAside(reason: string): Promise<Result<Settings>> {
    try {
      const movedTo = await moveAside(path, options.now?.())
      options.logger?.warn('settings file was unreadable; moved aside, defaults apply', { movedTo, reason })
    } catch (error) {
      options.logger?.warn('settings file was unreadable and could not be moved aside', {
        reason: fileErrorReason(error),
      })
    }
    current = defaultSettings
    return ok(current)
  }

  async function save(next: Settings): Promise<Result<Settings>> {
    try {
      await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`)
      current = next
      return ok(current)
    } catch (error) {
      return fail('unknown', `Plexkey could not save its settings in ${options.configDir} (${fileErrorReason(error)}).`, true)
    }
  }

  return {
    get: () => current,
    async load() {
      const read = await readTextFile(path)
      if (read.kind === 'missing') {
        current = defaultSettings
        return ok(current)
      }
      if (read.kind === 'unreadable') {
        // A permission problem is not corruption: leave the file alone and say so.
        current = defaultSettings
        return fail('unknown', `Plexkey could not read ${path} (${fileErrorReason(read.error)}); defaults apply.`, false)
      }
      let json: unknown
      try {
        json = JSON.parse(read.text)
      } catch {
        return setAside('not JSON')
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) return setAside('not a JSON object')
      const { settings, ignored } = readFields(json as Record<string, unknown>)
      // The file stays as it is: the next save writes every field, valid ones included.
      if (ignored.length > 0) options.logger?.warn('settings with unusable values ignored; their defaults apply', { ignored })
      current = settings
      return ok(current)
    },
    update(patch) {
      const run = queue.then(async () => {
        const next: Settings = {
          openAtLogin: patch.openAtLogin ?? current.openAtLogin,
          authScheme: patch.authScheme ?? current.authScheme,
          allowUnencryptedServers: patch.allowUnencryptedServers ?? current.allowUnencryptedServers,
        }
        const fields = Object.keys(fieldSchemas) as FieldName[]
        if (fields.every((field) => next[field] === current[field])) return ok(current)
        return save(next)
      })
      queue = run
      return run
    },
  }
}
