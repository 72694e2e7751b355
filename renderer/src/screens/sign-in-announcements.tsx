import { useRef } from 'react'
import type { PinView } from '../../../preload/api'
import { countdownAnnouncement } from '../components/countdown'
import { LiveRegion } from '../components/live-region'
import { retryAnnouncement } from '../copy/error-copy'
import { secondsLeft } from '../format/durations'
import { retryOf, type RunningState } from './sign-in-slots'

/**
 * What screen readers hear while a sign-in runs, beyond the state change itself: the time left on
 * the code or link on screen (at the start, then at 5 minutes, 1 minute and 10 seconds) and the
 * cause of an automatic retry, also while the first code cannot be made (once, without its ticking
 * seconds). Mounted from the start of the sign-in on, so the regions exist before they speak.
 */
export function SignInAnnouncements({
  state,
  shown,
  now,
}: {
  readonly state: RunningState
  readonly shown: PinView | null
  readonly now: number
}) {
  const first = useFirstSeconds(shown, now)
  const countdown = shown === null ? '' : countdownAnnouncement(secondsLeft(shown.expiresAt, now), first, shown.mode)
  const notice = retryOf(state)
  const retry = notice === null ? '' : retryAnnouncement(notice, state.kind)
  return (
    <>
      <LiveRegion message={countdown} label="Time left" />
      <LiveRegion message={retry} label="Connection" />
    </>
  )
}

/** The seconds left when this PIN was first drawn: the start's announcement keeps that figure. */
function useFirstSeconds(pin: PinView | null, now: number): number {
  const seen = useRef<{ readonly key: string; readonly seconds: number } | null>(null)
  const key = pin === null ? '' : `${pin.mode}:${pin.pinId}:${pin.expiresAt}`
  if (pin !== null && seen.current?.key !== key) seen.current = { key, seconds: secondsLeft(pin.expiresAt, now) }
  return seen.current?.seconds ?? 0
}
