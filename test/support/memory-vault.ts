import type { AppError, Result, StorageView } from '../../preload/api'
import type { CredentialVault, StoredCredential } from '../../main/core/account/credential-vault'
import { createProcessLock } from '../../main/core/config/process-lock'

/**
 * A CredentialVault held in memory, for tests of the code above the vault. It keeps the vault's
 * contract (a failed save leaves the previous credential active) and can be told to fail the way a
 * locked or missing keychain does.
 */
export interface MemoryVault extends CredentialVault {
  /** When set, the next calls of that kind fail with a 'keychain' error. */
  failSave: boolean
  failLoad: boolean
  failRemove: boolean
  /** Makes saveActive take this long, as a keychain prompt would. */
  saveDelayMs: number
  /** Every stored credential by account key, and which one is active. */
  readonly entries: ReadonlyMap<string, StoredCredential>
  readonly activeKey: string | null
  /** How many times each method ran (including failed runs). */
  readonly calls: Readonly<Record<'loadActive' | 'saveActive' | 'remove', number>>
}

export const keychainFailure: AppError = {
  code: 'keychain',
  message: 'The keychain is locked. Unlock your login keyring and try again.',
  retryable: true,
}

export function createMemoryVault(initial?: { active?: StoredCredential }): MemoryVault {
  const entries = new Map<string, StoredCredential>()
  const secrets = new Map<string, string>()
  const others = new Map<string, string>()
  let activeKey: string | null = null
  const calls = { loadActive: 0, saveActive: 0, remove: 0 }
  if (initial?.active) {
    entries.set(initial.active.accountKey, initial.active)
    activeKey = initial.active.accountKey
  }
  // This process's turns only: a memory vault is never shared with another process.
  const lock = createProcessLock()
  const failed = <T>(): Result<T> => ({ ok: false, error: keychainFailure })
  const done = <T>(value: T): Result<T> => ({ ok: true, value })

  const vault: MemoryVault = {
    failSave: false,
    failLoad: false,
    failRemove: false,
    saveDelayMs: 0,
    entries,
    get activeKey() {
      return activeKey
    },
    calls,
    describe: (accountKey): StorageView => ({ name: 'Memory (tests)', service: 'plexkey', account: accountKey }),
    loadActive: async () => {
      calls.loadActive += 1
      if (vault.failLoad) return failed()
      return done(activeKey === null ? null : (entries.get(activeKey) ?? null))
    },
    saveActive: async (credential) => {
      calls.saveActive += 1
      if (vault.saveDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, vault.saveDelayMs))
      if (vault.failSave) return failed()
      entries.set(credential.accountKey, { ...credential })
      activeKey = credential.accountKey
      return done(undefined)
    },
    load: async (accountKey) => {
      if (vault.failLoad) return failed()
      return done(entries.get(accountKey) ?? null)
    },
    save: async (credential) => {
      if (vault.failSave) return failed()
      if (entries.has(credential.accountKey)) entries.set(credential.accountKey, { ...credential })
      return done(undefined)
    },
    remove: async (accountKey) => {
      calls.remove += 1
      if (vault.failRemove) return failed()
      entries.delete(accountKey)
      if (activeKey === accountKey) activeKey = null
      return done(undefined)
    },
    discardActive: async () => {
      if (vault.failRemove) return failed()
      if (activeKey !== null) entries.delete(activeKey)
      activeKey = null
      return done(undefined)
    },
    exclusively: async (op) => done(await lock.hold(op)),
    getEntry: async (name) => (vault.failLoad ? failed() : done(others.get(name) ?? null)),
    setEntry: async (name, value) => {
      if (vault.failSave) return failed()
      others.set(name, value)
      return done(undefined)
    },
    deleteEntry: async (name) => {
      if (vault.failRemove) return failed()
      others.delete(name)
      return done(undefined)
    },
    getSecret: async (name) => (vault.failLoad ? failed() : done(secrets.get(name) ?? null)),
    setSecret: async (name, value) => {
      if (vault.failSave) return failed()
      secrets.set(name, value)
      return done(undefined)
    },
    deleteSecret: async (name) => {
      if (vault.failRemove) return failed()
      secrets.delete(name)
      return done(undefined)
    },
  }
  return vault
}
