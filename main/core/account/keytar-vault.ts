import { createRequire } from 'node:module'
import type { Result, StorageView } from '../../../preload/api'
import { err, fail, ok, okVoid } from '../result'
import type { CredentialVault, StoredCredential } from './credential-vault'
import { keychainError, keychainStoreName } from './keychain-error'

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
}

/**
 * Keychain layout (documented in the README, "Keychain layout", for other tools):
 *   service `plexkey`, account `token:<Plex account uuid>`  -> JSON {"username": ..., "token": ...}
 *   service `plexkey`, account `active`                     -> `token:<uuid>` of the active account
 *   service `plexkey`, account `secret:<name>`              -> a named secret (the JWT device key)
 * The credential vault's accountKey is the Plex account uuid.
 */
const ACTIVE_ACCOUNT = 'active'
const TOKEN_PREFIX = 'token:'
const SECRET_PREFIX = 'secret:'

const tokenAccount = (accountKey: string): string => `${TOKEN_PREFIX}${accountKey}`

/**
 * A saved entry: `{ username, token }` with a token. Checked by hand rather than with a schema
 * library: `plexkey token` and `plexkey exec` read it on every call, and loading one costs more
 * than Node's own start-up.
 */
function entryOf(json: unknown): { readonly username: string; readonly token: string } | null {
  if (typeof json !== 'object' || json === null) return null
  const { username, token } = json as { username?: unknown; token?: unknown }
  return typeof username === 'string' && typeof token === 'string' && token !== '' ? { username, token } : null
}

// Keychain account names become D-Bus attributes, macOS attributes and Windows target names:
// printable ASCII without spaces (Windows mangles targets with spaces) keeps all three happy.
const keyPattern = /^[\x21-\x7e]{1,200}$/

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

  function badKey<T>(what: string, key: string): Result<T> | null {
    return keyPattern.test(key) ? null : fail('invalid-argument', `The ${what} "${key}" cannot be used as a keychain entry name.`)
  }

  async function readCredential(k: KeytarApi, entry: string): Promise<StoredCredential | null> {
    const raw = await k.getPassword(service, entry)
    if (raw === null) return null
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      return null
    }
    const parsed = entryOf(json)
    if (!parsed) return null
    return { accountKey: entry.slice(TOKEN_PREFIX.length), username: parsed.username, token: parsed.token }
  }

  return {
    describe: (accountKey): StorageView => ({
      name: keychainStoreName(platform),
      service,
      account: tokenAccount(accountKey),
    }),

    // A marker naming a missing or unreadable entry reads as signed out: the next sign-in
    // replaces both, and nothing half-written is ever handed out as a credential.
    loadActive: () =>
      exclusive(async (k) => {
        const active = await k.getPassword(service, ACTIVE_ACCOUNT)
        if (active === null || !active.startsWith(TOKEN_PREFIX) || active.length === TOKEN_PREFIX.length) return ok(null)
        return ok(await readCredential(k, active))
      }),

    saveActive: (credential) => {
      const invalid = badKey<void>('account key', credential.accountKey)
      if (invalid) return Promise.resolve(invalid)
      if (!credential.token) return Promise.resolve(fail('invalid-argument', 'An empty token cannot be saved.'))
      return exclusive(async (k) => {
        const entry = tokenAccount(credential.accountKey)
        const previousActive = await k.getPassword(service, ACTIVE_ACCOUNT)
        const existedBefore = previousActive === entry || (await k.getPassword(service, entry)) !== null
        // The token entry first: until the marker moves, the previous account stays the active one.
        await k.setPassword(service, entry, JSON.stringify({ username: credential.username, token: credential.token }))
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

    remove: (accountKey) => {
      const invalid = badKey<void>('account key', accountKey)
      if (invalid) return Promise.resolve(invalid)
      return exclusive(async (k) => {
        const entry = tokenAccount(accountKey)
        const active = await k.getPassword(service, ACTIVE_ACCOUNT)
        // The token goes first: if the marker then cannot be removed, it names nothing and reads as signed out.
        await k.deletePassword(service, entry)
        if (active === entry) await k.deletePassword(service, ACTIVE_ACCOUNT)
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
