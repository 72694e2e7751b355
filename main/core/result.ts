import type { AppError, ErrorCode, Result } from '../../preload/api'

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const okVoid: Result<void> = { ok: true, value: undefined }
export const err = <T = never>(error: AppError): Result<T> => ({ ok: false, error })

/** Shorthand for an error result built from its parts. */
export function fail<T = never>(code: ErrorCode, message: string, retryable = false): Result<T> {
  return { ok: false, error: { code, message, retryable } }
}
