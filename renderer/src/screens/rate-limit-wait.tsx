import { useState } from 'react'
import { formatClock, secondsLeft } from '../format/durations'
import { useNow } from '../hooks/use-now'

/** How long plex.tv's "slow down" is taken to last: the minute the error screen asks people to wait. */
const WAIT_MS = 60_000

/**
 * The minute to wait after plex.tv asked Plexkey to slow down, counted down from when the screen
 * appeared, so "Try again" is pressed when it has a chance. Not a live region: it ticks.
 */
export function RateLimitWait() {
  const now = useNow()
  const [until] = useState(() => Date.now() + WAIT_MS)
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
