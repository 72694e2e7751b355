import type { Logger } from '../log'
import { networkFailureOf } from '../net/network-failure'
import { plexErrors } from './plex-error'
import type { PlexResult } from './plex-types'

/**
 * Runs one plex.tv exchange (request and body) under a deadline and the caller's signal. Whatever
 * it throws becomes a typed error: 'timeout' when the deadline passed, a non-retryable 'network'
 * error when the caller aborted, 'network' otherwise. The timer is always cleared, so nothing is
 * left running after the call returns.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  logger: Logger,
  what: string,
  exchange: (signal: AbortSignal) => Promise<PlexResult<T>>,
): Promise<PlexResult<T>> {
  if (callerSignal?.aborted) return { ok: false, error: plexErrors.cancelled() }
  const deadline = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    deadline.abort(new Error(`timed out after ${timeoutMs} ms`))
  }, timeoutMs)
  const signal = callerSignal ? AbortSignal.any([deadline.signal, callerSignal]) : deadline.signal
  try {
    return await exchange(signal)
  } catch (error) {
    if (timedOut) {
      logger.debug(`${what}: timed out`, { timeoutMs })
      return { ok: false, error: plexErrors.timeout() }
    }
    if (callerSignal?.aborted) return { ok: false, error: plexErrors.cancelled() }
    const failure = networkFailureOf(error)
    logger.debug(`${what}: network error`, { cause: failure.detail })
    return { ok: false, error: plexErrors.network(failure.kind) }
  } finally {
    clearTimeout(timer)
    // Ends any transfer the exchange left open (e.g. a body it chose not to read).
    deadline.abort()
  }
}
