import { useState } from 'react'
import { formatClock, secondsLeft } from '../format/durations'
import { useNow } from '../hooks/use-now'

/** How long plex.tv's "slow down" is taken to last when it did not say: the minute the copy asks for. */
const WAIT_MS = 60_000

/**
 * The wait after plex.tv asked Plexkey to slow down, so "Try again" is pressed when it has a
 * chance: until `retryAt` (plex.tv's Retry-After, as main received it), else a minute from when the
 * screen appeared. Not a live region: it ticks.
 */
export function RateLimitWait({ retryAt }: { readonly retryAt: number | null }) {
  const now = useNow()
  const [fallback] = useState(() => Date.now() + WAIT_MS)
  const until = retryAt ?? fallback
  const seconds = secondsLeft(until, now)
  return (
    <p className="countdown" data-primary>
      {seconds > 0 ? (
        <>
          Trying again makes sense in <span className="countdown-clock">{formatClock(seconds)}</span>
        </>
      ) : (
        'You can try again now.'
      )}
    </p>
  )
}
