import { describeDuration, formatClock, secondsUntil } from '../format/durations'

/**
 * Time left on a code, ticking with `now`. Deliberately not a live region: a per-second
 * announcement would drown everything else (the waiting screen announces at sensible moments).
 */
export function Countdown({ expiresAt, now }: { readonly expiresAt: number; readonly now: number }) {
  const seconds = secondsUntil(expiresAt, now)
  if (seconds === 0) return <p className="countdown countdown-renewing">Getting a fresh code…</p>
  return (
    <p className={seconds <= 60 ? 'countdown countdown-soon' : 'countdown'}>
      <span aria-hidden="true">
        Expires in <span className="countdown-clock">{formatClock(seconds)}</span>
      </span>
      <span className="visually-hidden">{`Expires in ${describeDuration(seconds)}`}</span>
    </p>
  )
}

/**
 * What the countdown region says: the text changes once a minute and once in the last ten seconds,
 * so screen readers hear it only then.
 */
export function countdownAnnouncement(seconds: number): string {
  if (seconds === 0) return 'The code expired. Plexkey is getting a fresh one.'
  if (seconds <= 10) return 'Less than 10 seconds left on this code.'
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'} left on this code.`
}
