import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Result, StorageView } from '../../../preload/api'
import { err, fail, ok, okVoid } from '../result'
import type { CredentialVault, MalformedEntryError, StoredCredential } from './credential-vault'
import { keychainError, keychainStoreName } from './keychain-error'
import { createProcessLock, type ProcessLock } from '../config/process-lock'

/** The part of keytar the vault uses (findCredentials is left out: it crashes on a locked keyring). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface KeytarVaultOptions {
  /** Keychain service name; `plexkey` unless a test needs its own. */
  readonly service?: string
  /** Loads keytar; the default imports it on first use. */
  readonly loadKeytar?: () => Promise<KeytarApi>
  /**
   * Shared with every process that uses the same keychain (a lock file in the config directory);
   * without it only this process's calls take turns.
   */
  readonly lock?: ProcessLock
}

/**
 * Keychain layout (documented in the README, "Keychain layout", for other tools):
 *   service `plexkey`, account `token:<Plex account uuid>`  -> JSON {"username": ..., "title": ..., "token": ...}
 *   service `plexkey`, account `active`                     -> `token:<uuid>` of the active account
 *   service `plexkey`, account `secret:<name>`              -> a named secret (the JWT device key)
 *   service `plexkey`, account `<other name>`               -> an entry of Plexkey's own (getEntry)
 * The credential vault's accountKey is the Plex account uuid.
 */
const ACTIVE_ACCOUNT = 'active'
const TOKEN_PREFIX = 'token:'
const SECRET_PREFIX = 'secret:'

/** The one lock file the app and every command agree on for keychain changes, beside client.json. */
export function keychainLockFile(configDir: string): string {
  return join(configDir, 'keychain.lock')
}

const tokenAccount = (accountKey: string): string => `${TOKEN_PREFIX}${accountKey}`

/**
 * A saved entry: `{ username, title?, token }` with a token (`title` is missing from entries saved
 * before it was kept). Checked by hand rather than with a schema library: `plexkey token` and
 * `plexkey exec` read it on every call, and loading one costs more than Node's own start-up.
 */
function entryOf(json: unknown): { readonly username: string; readonly title?: string; readonly token: string } | null {
  if (typeof json !== 'object' || json === null) return null
  const { username, title, token } = json as { username?: unknown; title?: unknown; token?: unknown }
  if (typeof username !== 'string' || typeof token !== 'string' || token === '') return null
  if (title === undefined) return { username, token }
  return typeof title === 'string' ? { username, title, token } : null
}

/** The entry as it is written: `title` only when known, so an older entry is not given a made-up one. */
function entryText(credential: StoredCredential): string {
  const { username, title, token } = credential
  return JSON.stringify(title === undefined ? { username, token } : { username, title, token })
}

// Keychain account names become D-Bus attributes, macOS attributes and Windows target names:
// printable ASCII without spaces (Windows mangles targets with spaces) keeps all three happy.
// The one pattern for every name the vault writes, removes, or accepts from the `active` marker.
const keyPattern = /^[\x21-\x7e]{1,200}$/

/** The longest token kept (a Plex JWT is under 1 KiB; a legacy token 20 characters). */
const MAX_TOKEN_CHARS = 4096
// A token goes into an HTTP header as it is: a line break or a space there is damage, not a token.
const tokenPattern = /^[\x21-\x7e]+$/

const CLEAN_UP = 'Run `plexkey logout` to remove it, then sign in again.'

function malformed(part: MalformedEntryError['malformed'], message: string): Result<never> {
  const error: MalformedEntryError = { code: 'keychain', message: `${message} ${CLEAN_UP}`, retryable: false, malformed: part }
  return err(error)
}

async function importKeytar(): Promise<KeytarApi> {
  // Loaded on first use, not at start: a missing libsecret must become a keychain error the user
  // can read, not a crash before the first line of output. Through CommonJS require, not import():
  // keytar is a CommonJS native module, and loading ES modules from inside a packaged app.asar has
  // broken in several Electron releases; require reads the archive in every one.
  return createRequire(import.meta.url)('keytar') as KeytarApi
}

/**
 * The credential vault on the OS keychain (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows) through keytar: the only module that touches it. There is no other store;
 * when the keychain fails, every call returns a 'keychain' error that says how to fix it.
 *
 * Calls run one at a time, so two saves cannot interleave their writes.
 */
export function createKeytarVault(options: KeytarVaultOptions = {}): CredentialVault {
  const service = options.service ?? 'plexkey'
  const platform = process.platform
  const load = options.loadKeytar ?? importKeytar
  const lock = options.lock ?? createProcessLock()
  let keytar: Promise<KeytarApi> | null = null
  let tail: Promise<unknown> = Promise.resolve()

  /** Runs `op` after every earlier call has finished, with keytar loaded; any throw becomes data. */
  function exclusive<T>(op: (k: KeytarApi) => Promise<Result<T>>): Promise<Result<T>> {
    const run = tail.then(async (): Promise<Result<T>> => {
      let k: KeytarApi
      try {
        keytar ??= load()
        k = await keytar
      } catch (error) {
        keytar = null // a later call may find the library installed by then
        return err(keychainError(error, platform, 'load'))
      }
      try {
        return await op(k)
      } catch (error) {
        return err(keychainError(error, platform, 'call'))
      }
    })
    tail = run.catch(() => undefined)
    return run
  }

  /**
   * `exclusive` with the other processes kept out too: for every change that reads, then writes.
   * The cross-process lock is taken first and the in-process queue second, always in that order,
   * so a call made from within `exclusively` never waits behind one that waits for the lock.
   */
  async function locked<T>(op: (k: KeytarApi) => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await lock.hold(() => exclusive(op))
    } catch (error) {
      return lockFailure(error)
    }
  }

  /** An entry name that is free for getEntry and friends: valid, and not one the typed calls own. */
  function badEntryName<T>(name: string): Result<T> | null {
    const reserved = name === ACTIVE_ACCOUNT || name.startsWith(TOKEN_PREFIX) || name.startsWith(SECRET_PREFIX)
    return reserved ? fail('invalid-argument', `The keychain entry "${name}" is not one that can be used this way.`) : badKey('entry name', name)
  }

  function badKey<T>(what: string, key: string): Result<T> | null {
    return keyPattern.test(key) ? null : fail('invalid-argument', `The ${what} "${key}" cannot be used as a keychain entry name.`)
  }

  /** The entry the marker names, judged: a credential, gone (null), or malformed. */
  async function readCredential(k: KeytarApi, entry: string): Promise<Result<StoredCredential | null>> {
    const raw = await k.getPassword(service, entry)
    if (raw === null) return ok(null)
    const damaged = (what: string) => malformed('entry', `The keychain entry "${entry}" is not a sign-in Plexkey can use (${what}).`)
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      return damaged('not JSON')
    }
    const parsed = entryOf(json)
    if (!parsed) return damaged('no username and token')
    const { token } = parsed
    if (token.length > MAX_TOKEN_CHARS) return damaged(`the token is longer than ${MAX_TOKEN_CHARS} characters`)
    if (!tokenPattern.test(token)) return damaged('the token holds spaces, line breaks or other characters no token has')
    return ok({ accountKey: entry.slice(TOKEN_PREFIX.length), ...parsed })
  }

  /** The token entry the marker names, or null when the marker is not one Plexkey writes. */
  const entryOfMarker = (marker: string): string | null =>
    marker.startsWith(TOKEN_PREFIX) && keyPattern.test(marker.slice(TOKEN_PREFIX.length)) ? marker : null

  async function readActive(k: KeytarApi): Promise<Result<StoredCredential | null | 'dangling'>> {
    const marker = await k.getPassword(service, ACTIVE_ACCOUNT)
    if (marker === null) return ok(null)
    const entry = entryOfMarker(marker)
    if (entry === null) {
      // Not echoed: a name outside the pattern may hold anything, escape sequences included.
      return malformed('marker', 'The keychain entry "active" does not name a Plexkey sign-in (token:<account id>).')
    }
    const credential = await readCredential(k, entry)
    if (credential.ok && credential.value === null) return ok('dangling')
    return credential
  }

  return {
    describe: (accountKey): StorageView => ({
      name: keychainStoreName(platform),
      service,
      account: tokenAccount(accountKey),
    }),

    // Nothing half-written is ever handed out as a credential: a save writes the entry before the
    // marker names it, so a marker naming a missing entry is a removal cut short (the entry goes
    // first). That marker is cleared under the lock, once a removal still running has finished.
    loadActive: async () => {
      const first = await exclusive(readActive)
      if (!first.ok || first.value !== 'dangling') return first as Result<StoredCredential | null>
      return locked(async (k) => {
        const again = await readActive(k)
        if (!again.ok || again.value !== 'dangling') return again as Result<StoredCredential | null>
        await k.deletePassword(service, ACTIVE_ACCOUNT)
        return ok(null)
      })
    },

    saveActive: (credential) => {
      const invalid = badKey<void>('account key', credential.accountKey)
      if (invalid) return Promise.resolve(invalid)
      if (!credential.token) return Promise.resolve(fail('invalid-argument', 'An empty token cannot be saved.'))
      return locked(async (k) => {
        const entry = tokenAccount(credential.accountKey)
        const previousActive = await k.getPassword(service, ACTIVE_ACCOUNT)
        const existedBefore = previousActive === entry || (await k.getPassword(service, entry)) !== null
        // The token entry first: until the marker moves, the previous account stays the active one.
        await k.setPassword(service, entry, entryText(credential))
        if (previousActive === entry) return okVoid
        try {
          await k.setPassword(service, ACTIVE_ACCOUNT, entry)
        } catch (error) {
          // The previous marker still names the previous entry; take back the new one if it is new.
          if (!existedBefore) await k.deletePassword(service, entry).catch(() => false)
          return err(keychainError(error, platform, 'call'))
        }
        return okVoid
      })
    },

    load: (accountKey) => {
      const invalid = badKey<StoredCredential | null>('account key', accountKey)
      if (invalid) return Promise.resolve(invalid)
      return exclusive((k) => readCredential(k, tokenAccount(accountKey)))
    },

    save: (credential) => {
      const invalid = badKey<void>('account key', credential.accountKey)
      if (invalid) return Promise.resolve(invalid)
      if (!credential.token) return Promise.resolve(fail('invalid-argument', 'An empty token cannot be saved.'))
      return locked(async (k) => {
        const entry = tokenAccount(credential.accountKey)
        // Signed out meanwhile (another process): a renewal finishing late must not bring it back.
        if ((await k.getPassword(service, entry)) === null) return okVoid
        await k.setPassword(service, entry, entryText(credential))
        return okVoid
      })
    },

    remove: (accountKey) => {
      const invalid = badKey<void>('account key', accountKey)
      if (invalid) return Promise.resolve(invalid)
      return locked(async (k) => {
        const entry = tokenAccount(accountKey)
        const active = await k.getPassword(service, ACTIVE_ACCOUNT)
        // The token goes first: if the marker then cannot be removed, it names nothing and reads as signed out.
        await k.deletePassword(service, entry)
        if (active === entry) await k.deletePassword(service, ACTIVE_ACCOUNT)
        return okVoid
      })
    },

    discardActive: () =>
      locked(async (k) => {
        const marker = await k.getPassword(service, ACTIVE_ACCOUNT)
        if (marker === null) return okVoid
        // Whatever its shape, the entry the marker names is Plexkey's own: it came from its service.
        if (marker.startsWith(TOKEN_PREFIX)) await k.deletePassword(service, marker)
        await k.deletePassword(service, ACTIVE_ACCOUNT)
        return okVoid
      }),

    exclusively: async <T>(op: () => Promise<T>): Promise<Result<T>> => {
      try {
        return ok(await lock.hold(op))
      } catch (error) {
        return lockFailure(error)
      }
    },

    getEntry: (name) => {
      const invalid = badEntryName<string | null>(name)
      if (invalid) return Promise.resolve(invalid)
      return exclusive(async (k) => ok(await k.getPassword(service, name)))
    },

    setEntry: (name, value) => {
      const invalid = badEntryName<void>(name)
      if (invalid) return Promise.resolve(invalid)
      if (!value) return Promise.resolve(fail('invalid-argument', `An empty value cannot be saved as the entry "${name}".`))
      return exclusive(async (k) => {
        await k.setPassword(service, name, value)
        return okVoid
      })
    },

    deleteEntry: (name) => {
      const invalid = badEntryName<void>(name)
      if (invalid) return Promise.resolve(invalid)
      return exclusive(async (k) => {
        await k.deletePassword(service, name)
        return okVoid
      })
    },

    getSecret: (name) => {
      const invalid = badKey<string | null>('secret name', name)
      if (invalid) return Promise.resolve(invalid)
      return exclusive(async (k) => ok(await k.getPassword(service, `${SECRET_PREFIX}${name}`)))
    },

    setSecret: (name, value) => {
      const invalid = badKey<void>('secret name', name)
      if (invalid) return Promise.resolve(invalid)
      if (!value) return Promise.resolve(fail('invalid-argument', `An empty value cannot be saved as the secret "${name}".`))
      return exclusive(async (k) => {
        await k.setPassword(service, `${SECRET_PREFIX}${name}`, value)
        return okVoid
      })
    },

    deleteSecret: (name) => {
      const invalid = badKey<void>('secret name', name)
      if (invalid) return Promise.resolve(invalid)
      return exclusive(async (k) => {
        await k.deletePassword(service, `${SECRET_PREFIX}${name}`)
        return okVoid
      })
    },
  }
}

/** The lock file could not be used (an unwritable config directory): say where, and keep going nowhere. */
function lockFailure(error: unknown): Result<never> {
  const code = (error as NodeJS.ErrnoException | null)?.code
  // A config directory others can write to, or a holder that never lets go: the sentence says what to do.
  if (code === 'EUNTRUSTED' || code === 'ELOCKWAIT') return fail('keychain', (error as Error).message, code === 'ELOCKWAIT')
  const path = (error as NodeJS.ErrnoException | null)?.path
  return fail(
    'keychain',
    `Plexkey could not take its keychain lock${path ? ` (${path})` : ''}${code ? `: ${code}` : ''}. Check that its config directory is writable, then try again.`,
    true,
  )
}
