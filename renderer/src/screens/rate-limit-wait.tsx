import { useState } from 'react'
import { formatClock, secondsLeft } from '../format/durations'
import { useNow } from '../hooks/use-now'

/** How long plex.tv's "slow down" is taken to last when it did not say: the minute the copy asks for. */
const WAIT_MS = 60_000

/**
 * The wait after plex.tv asked Plexkey to slow down: the words for the "Try again" button, which
 * stays disabled until `retryAt` (plex.tv's Retry-After, as main received it), else a minute from
 * when the screen appeared, so it is pressed only when it has a chance.
 */
export function useRateLimitWait(retryAt: number | null): { readonly waiting: boolean; readonly label: string | null } {
  const now = useNow()
  const [fallback] = useState(() => Date.now() + WAIT_MS)
  const seconds = secondsLeft(retryAt ?? fallback, now)
  return seconds > 0 ? { waiting: true, label: `You can try again in ${formatClock(seconds)}` } : { waiting: false, label: null }
}
