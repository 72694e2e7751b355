import { type ReactNode, useRef, useState } from 'react'
import type { AccountListing, PinMode, PinView } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { Name } from '../components/name'
import { retryNoticeText } from '../copy/error-copy'
import { accountName } from '../copy/identity-copy'
import { signedOutNotice } from '../copy/state-copy'
import { useNow } from '../hooks/use-now'
import { BrowserWay } from './browser-way'
import { CodeWay } from './code-way'
import { OtherWay } from './other-way'
import { SignInAnnouncements } from './sign-in-announcements'
import { type BoardState, retryOf, type RunningState, shownMode, slotFor } from './sign-in-slots'

interface SignInScreenProps {
  readonly state: BoardState
  readonly formerUser: string | null
  /** The account still active while another is being added: the screen offers the way back to it. */
  readonly returnTo: AccountListing | null
}

/**
 * Both ways in. Signed out, the browser way leads and the code way follows; once one starts, it
 * has the screen and the other shrinks to one line under it, so its code, QR code, countdown and
 * Copy stay on the first screen of the smallest window. Whichever plex.tv confirms first signs
 * the user in (main cancels the other). While another account is being added, the way back to
 * the active one stands where Cancel would.
 */
export function SignInScreen({ state, formerUser, returnTo }: SignInScreenProps) {
  const { api } = useBridge()
  const now = useNow()
  // The way the user last asked to see; the snapshot alone cannot say which of two they chose.
  const [wanted, setWanted] = useState<PinMode | null>(null)
  // Else the way last on screen: a code that fails while the other way waits stays in view with why.
  const lastShown = useRef<PinMode | null>(null)
  const running = state.kind !== 'signed-out'
  const preferred = wanted ?? lastShown.current
  if (running) lastShown.current = shownMode(state, preferred)

  return (
    <section className="screen" aria-labelledby="screen-title">
      {/* Cancel sits by the title: in view at once in a short window, however long the way below. */}
      <div className="screen-title-row">
        <h1 id="screen-title" tabIndex={-1}>
          Sign in to Plex
        </h1>
        {returnTo !== null ? (
          <ActionButton onAction={() => api.auth.cancel()} label={`Back to ${accountName(returnTo)}`}>
            Back to <Name text={returnTo.title || returnTo.username} />
          </ActionButton>
        ) : (
          running && <ActionButton onAction={() => api.auth.cancel()}>Cancel sign-in</ActionButton>
        )}
      </div>
      {returnTo !== null && (
        // In a short window the way back says it alone: the code and its countdown need the room.
        <p className="lead adding-lead">
          Adding another account. <Name text={returnTo.title || returnTo.username} className="inline-name" /> stays active until the new one is
          approved.
        </p>
      )}
      {state.kind === 'signed-out' && state.reason !== 'token-rejected' && (
        <p className="lead">You approve this computer on plex.tv. You never type your Plex password into Plexkey.</p>
      )}
      {state.kind === 'signed-out' && <SignedOutNotice reason={state.reason} />}
      {/* Keyed, so the way just started stays the same element (and keeps focus) as the screen changes around it. */}
      <div className="ways">
        {state.kind === 'signed-out' ? (
          state.reason === 'token-rejected' ? (
            [
              <SignInAgain key="again" user={formerUser} />,
              <OtherWay key="other-link" mode="link" slot={{ kind: 'idle' }} onShow={() => setWanted('link')} first />,
            ]
          ) : (
            // One way leads: the browser. The code is the quiet choice under it.
            [
              <BrowserWay key="browser" slot={{ kind: 'idle' }} now={now} onStart={() => setWanted('browser')} />,
              <OtherWay key="other-link" mode="link" slot={{ kind: 'idle' }} onShow={() => setWanted('link')} first />,
            ]
          )
        ) : (
          runningWays({ state, preferred, now, onWant: setWanted })
        )}
      </div>
      {state.kind !== 'signed-out' && <SignInAnnouncements state={state} shown={shownPin(state, preferred)} now={now} />}
    </section>
  )
}

interface RunningWaysProps {
  readonly state: RunningState
  readonly preferred: PinMode | null
  readonly now: number
  readonly onWant: (mode: PinMode) => void
}

/**
 * The way on screen, any automatic retry under it, and the other way in one line. A plain function
 * returning keyed elements, not a component: a component would wrap them in a level of its own.
 */
function runningWays({ state, preferred, now, onWant }: RunningWaysProps): ReactNode[] {
  const shown = shownMode(state, preferred)
  const other: PinMode = shown === 'browser' ? 'link' : 'browser'
  const slot = slotFor(state, shown)
  const retry = retryOf(state)
  return [
    shown === 'browser' ? (
      <BrowserWay key="browser" slot={slot} now={now} onStart={() => onWant('browser')} />
    ) : (
      <CodeWay key="link" slot={slot} now={now} onStart={() => onWant('link')} />
    ),
    retry !== null && (
      // Before the first code exists, this is all there is to see: primary, on the first screen.
      <p key="retry" className="notice notice-warning" data-primary={state.kind === 'starting' ? '' : undefined}>
        {retryNoticeText(retry, now, state.kind)}
      </p>
    ),
    <OtherWay key={`other-${other}`} mode={other} slot={slotFor(state, other)} onShow={() => onWant(other)} />,
  ]
}

/** The live PIN of the way on screen, if it has one. */
function shownPin(state: RunningState, preferred: PinMode | null): PinView | null {
  const slot = slotFor(state, shownMode(state, preferred))
  return slot.kind === 'pin' ? slot.pin : null
}

/**
 * Why the user is back here, when there is something worth saying. An expired code carries its own
 * way on, so it sits in view with the notice that explains it.
 */
function SignedOutNotice({ reason }: { readonly reason: Extract<BoardState, { kind: 'signed-out' }>['reason'] }) {
  const { intents } = useBridge()
  const text = signedOutNotice(reason)
  if (text === null) return null
  if (reason === 'expired') {
    return (
      <div className="notice notice-info notice-with-action" data-primary>
        <p>{text}</p>
        <ActionButton variant="secondary" onAction={() => intents.restart()}>
          Get a new code
        </ActionButton>
      </div>
    )
  }
  return <p className={reason === 'token-rejected' ? 'notice notice-warning' : 'notice notice-info'}>{text}</p>
}

/**
 * After plex.tv refused the saved token: the one action that fixes it, in place of both ways,
 * naming the account when this window saw it signed in.
 */
function SignInAgain({ user }: { readonly user: string | null }) {
  const { intents } = useBridge()
  return (
    <div className="screen-actions">
      <ActionButton variant="primary" onAction={() => intents.start('browser')}>
        {user === null ? (
          'Sign in again'
        ) : (
          <>
            Sign in again as <Name text={user} />
          </>
        )}
      </ActionButton>
    </div>
  )
}
