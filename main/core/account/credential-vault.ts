import type { AppError, Result, StorageView } from '../../../preload/api'

/** The token of one Plex account, as kept in the OS keychain. */
export interface StoredCredential {
  /** The Plex account's uuid: stable per account, it names the keychain entry (`token:<uuid>`). */
  readonly accountKey: string
  readonly username: string
  /** The name plex.tv shows for the account; entries saved before it was kept lack it (show the username). */
  readonly title?: string
  readonly token: string
}

/**
 * Where tokens live: the OS keychain and nowhere else. There is no plaintext fallback; when the
 * keychain is unreachable every method returns a `keychain` error that says how to fix it.
 */
export interface CredentialVault {
  /** Describes the store for the UI and `plexkey status` (service, account, keychain name). */
  describe(accountKey: string): StorageView
  /**
   * The active account's credential, or null when signed out. An `active` marker left naming a
   * removed entry (a sign-out cut short) is cleared and reads as signed out; a marker or entry not
   * in Plexkey's form is a `keychain` error marked `malformed` that says how to clean it up.
   */
  loadActive(): Promise<Result<StoredCredential | null>>
  /** Saves the credential and makes it active. A failed save leaves the previous one in place. */
  saveActive(credential: StoredCredential): Promise<Result<void>>
  /**
   * One account's credential, active or not: null when its entry is gone, a `keychain` error marked
   * `malformed` when the entry is not in Plexkey's form.
   */
  load(accountKey: string): Promise<Result<StoredCredential | null>>
  /**
   * Saves the credential of an account that is already kept (a renewed token), without making it
   * active. Nothing is written when its entry has gone meanwhile: a sign-out is never undone.
   */
  save(credential: StoredCredential): Promise<Result<void>>
  /** Removes the credential and, if it was active, the active marker. */
  remove(accountKey: string): Promise<Result<void>>
  /** Removes the active marker and the entry it names, whatever their shape: the way out of a malformed one. */
  discardActive(): Promise<Result<void>>
  /**
   * Runs `op` while no other process sharing the keychain (the app, other commands) changes the
   * entries; the vault's own calls made from within `op` take part. For read-decide-write steps
   * that span plex.tv, such as renewing a Plex JWT once for every process that finds it due.
   */
  exclusively<T>(op: () => Promise<T>): Promise<Result<T>>
  /**
   * One of Plexkey's own entries beside the sign-ins (a Home profile's token, a tool's device, an
   * index of them), stored under `name` as it is. Names `active`, `token:…` and `secret:…` belong
   * to the calls above and are refused. Values are Plexkey's JSON; the caller validates on read.
   */
  getEntry(name: string): Promise<Result<string | null>>
  setEntry(name: string, value: string): Promise<Result<void>>
  deleteEntry(name: string): Promise<Result<void>>
  /** A named secret other than a token (the JWT device key), keyed by name. */
  getSecret(name: string): Promise<Result<string | null>>
  setSecret(name: string, value: string): Promise<Result<void>>
  deleteSecret(name: string): Promise<Result<void>>
}

/** A `keychain` error about an entry Plexkey cannot use (not a keychain that cannot be reached). */
export interface MalformedEntryError extends AppError {
  readonly code: 'keychain'
  /** Which part is malformed: the `active` marker, or the token entry it names. */
  readonly malformed: 'marker' | 'entry'
}

export function isMalformedEntry(error: AppError): error is MalformedEntryError {
  return error.code === 'keychain' && 'malformed' in error
}
