import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { countdownAnnouncement } from '../components/countdown'
import { LiveRegion } from '../components/live-region'
import { retryAnnouncement, retryNoticeText } from '../copy/error-copy'
import { signedOutNotice } from '../copy/state-copy'
import { secondsUntil } from '../format/durations'
import { useNow } from '../hooks/use-now'
import { BrowserWay } from './browser-way'
import { CodeWay } from './code-way'
import { type BoardState, slotFor } from './sign-in-slots'

type WaitingState = Extract<BoardState, { kind: 'waiting' }>

/**
 * Both ways in, side by side, from signed-out through waiting: the user may start either or both,
 * and whichever plex.tv confirms first signs them in (main cancels the other).
 */
export function SignInScreen({ state }: { readonly state: BoardState }) {
  const { api } = useBridge()
  const now = useNow()
  const inProgress = state.kind !== 'signed-out'

  return (
    <section className="screen" aria-labelledby="screen-title">
      {/* Cancel sits by the title: in view at once in a short window, however long the ways below. */}
      <div className="screen-title-row">
        <h1 id="screen-title" tabIndex={-1}>
          Sign in to Plex
        </h1>
        {inProgress && <ActionButton onAction={() => api.auth.cancel()}>Cancel sign-in</ActionButton>}
      </div>
      <p className="lead">
        {inProgress
          ? 'Finish in either place. Plexkey signs you in as soon as plex.tv confirms.'
          : 'Choose a way in. You never type your Plex password into Plexkey.'}
      </p>
      {state.kind === 'signed-out' && <SignedOutNotice reason={state.reason} />}
      {state.kind === 'waiting' && state.retry !== null && (
        <p className="notice notice-warning">{retryNoticeText(state.retry, now)}</p>
      )}
      <div className="ways">
        <BrowserWay slot={slotFor(state, 'browser')} now={now} />
        <CodeWay slot={slotFor(state, 'link')} now={now} />
      </div>
      {state.kind === 'waiting' && <WaitingAnnouncements state={state} now={now} />}
    </section>
  )
}

/** Why the user is back here; after a rejected token, the one action that fixes it. */
function SignedOutNotice({ reason }: { readonly reason: Extract<BoardState, { kind: 'signed-out' }>['reason'] }) {
  const { intents } = useBridge()
  const text = signedOutNotice(reason)
  if (text === null) return null
  if (reason !== 'token-rejected') return <p className="notice notice-info">{text}</p>
  return (
    <div className="notice notice-warning notice-with-action">
      <p>{text}</p>
      <ActionButton variant="primary" onAction={() => intents.start('browser')}>
        Re-authenticate
      </ActionButton>
    </div>
  )
}

/**
 * What screen readers hear while waiting, beyond the state change itself: the time left on the
 * code that runs out first (once a minute, then in the last ten seconds) and the cause of an
 * automatic retry (once, without its ticking seconds).
 */
function WaitingAnnouncements({ state, now }: { readonly state: WaitingState; readonly now: number }) {
  const soonest = Math.min(...state.pins.map((pin) => pin.expiresAt))
  const countdown = state.pins.length > 0 ? countdownAnnouncement(secondsUntil(soonest, now)) : ''
  const retry = state.retry === null ? '' : retryAnnouncement(state.retry)
  return (
    <>
      <LiveRegion message={countdown} label="Time left" />
      <LiveRegion message={retry} label="Connection" />
    </>
  )
}
