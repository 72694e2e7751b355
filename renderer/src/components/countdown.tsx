import type { PinMode } from '../../../preload/api'
import { describeDuration, formatClock, secondsLeft, secondsUntil } from '../format/durations'

/**
 * Time left on a code, ticking with `now`. Deliberately not a live region: a per-second
 * announcement would drown everything else (the waiting screen announces at sensible moments).
 */
export function Countdown({ expiresAt, now }: { readonly expiresAt: number; readonly now: number }) {
  const seconds = secondsLeft(expiresAt, now)
  if (seconds === 0) return <p className="countdown countdown-renewing">Getting a fresh code…</p>
  return (
    <p className={seconds <= 60 ? 'countdown countdown-soon' : 'countdown'} data-primary>
      <span aria-hidden="true">
        Expires in <span className="countdown-clock">{formatClock(seconds)}</span>
      </span>
      <span className="visually-hidden">{`Expires in ${describeDuration(seconds)}`}</span>
    </p>
  )
}

const thing: Readonly<Record<PinMode, string>> = { browser: 'link', link: 'code' }

/**
 * What the countdown region says about the code or link on screen: the time left when it first
 * appears (`first` seconds), then at 5 minutes, 1 minute and 10 seconds. The text changes only at
 * those moments, so screen readers speak only then.
 */
export function countdownAnnouncement(seconds: number, first: number, mode: PinMode): string {
  const what = thing[mode]
  if (seconds === 0) return `The ${what} expired. Plexkey is getting a fresh one.`
  if (seconds <= 10) return `Less than 10 seconds left on this ${what}.`
  if (seconds <= 60) return `1 minute left on this ${what}.`
  if (seconds <= 300) return `5 minutes left on this ${what}.`
  return `${describeDuration(Math.floor(first / 60) * 60)} left on this ${what}.`
}

/**
 * A wait before something may be tried again ("Try again in 0:28"), ticking with `now`. Not a live
 * region either: the caller says the wait once when it starts and once when it ends.
 */
export function WaitCountdown({ lead, until, now }: { readonly lead: string; readonly until: number; readonly now: number }) {
  const seconds = secondsUntil(until, now)
  return (
    <p className="countdown countdown-wait">
      <span aria-hidden="true">
        {lead} <span className="countdown-clock">{formatClock(seconds)}</span>
      </span>
      <span className="visually-hidden">{`${lead} ${describeDuration(seconds)}.`}</span>
    </p>
  )
}
