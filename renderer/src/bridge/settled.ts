import type { Result } from '../../../preload/api'

/** A call into main that threw (a broken bridge) is read as an error, like any other. */
export function settled<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  return call().catch(
    (reason: unknown): Result<T> => ({
      ok: false,
      error: { code: 'unknown', message: reason instanceof Error ? reason.message : String(reason), retryable: true },
    }),
  )
}
