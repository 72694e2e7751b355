import type { Result, StorageView } from '../../../preload/api'

/** The token of one Plex account, as kept in the OS keychain. */
export interface StoredCredential {
  /** The Plex account's uuid: stable per account, it names the keychain entry (`token:<uuid>`). */
  readonly accountKey: string
  readonly username: string
  readonly token: string
}

/**
 * Where tokens live: the OS keychain and nowhere else. There is no plaintext fallback; when the
 * keychain is unreachable every method returns a `keychain` error that says how to fix it.
 */
export interface CredentialVault {
  /** Describes the store for the UI and `plexkey status` (service, account, keychain name). */
  describe(accountKey: string): StorageView
  /** The active account's credential, or null when signed out. */
  loadActive(): Promise<Result<StoredCredential | null>>
  /** Saves the credential and makes it active. A failed save leaves the previous one in place. */
  saveActive(credential: StoredCredential): Promise<Result<void>>
  /** Removes the credential and, if it was active, the active marker. */
  remove(accountKey: string): Promise<Result<void>>
  /** A named secret other than a token (the JWT device key), keyed by name. */
  getSecret(name: string): Promise<Result<string | null>>
  setSecret(name: string, value: string): Promise<Result<void>>
  deleteSecret(name: string): Promise<Result<void>>
}
