import type { AppError, Result } from '../../../preload/api'
import type { Freshness } from '../jwt/jwt-auth'

/** A plex.tv or vault result, or what a throw below us is turned into. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AppError & { readonly retryAfterMs?: number; readonly tokenExpired?: true } }

/** The vault reports failures as data; a throw (a broken native module) becomes one too. */
export async function guardVault<T>(call: () => Promise<Result<T>>): Promise<Outcome<T>> {
  try {
    return await call()
  } catch {
    return { ok: false, error: { code: 'keychain', message: 'The keychain could not be used.', retryable: true } }
  }
}

/** The JWT scheme reports failures as data; a throw (a bug below) leaves the token alone. */
export async function guardJwt(call: () => Promise<Freshness>): Promise<Freshness> {
  try {
    return await call()
  } catch {
    return { kind: 'unavailable', error: { code: 'unknown', message: 'The sign-in could not be renewed (internal error).', retryable: true } }
  }
}

export async function guardPlex<T>(call: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await call()
  } catch {
    return { ok: false, error: { code: 'unknown', message: 'plex.tv could not be asked (internal error).', retryable: true } }
  }
}
