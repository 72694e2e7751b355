import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { Countdown } from '../components/countdown'
import type { Slot } from './sign-in-slots'
import { useStartWay } from './use-start-way'
import { WayFailure } from './way-failure'
import { WaySection } from './way-section'

interface BrowserWayProps {
  readonly slot: Slot
  readonly now: number
  /** Told before this way starts, so the screen keeps it in view. */
  readonly onStart: () => void
}

/** "Sign in with your browser": the hosted plex.tv page, opened by main; its link kept at hand. */
export function BrowserWay({ slot, now, onStart }: BrowserWayProps) {
  const { api } = useBridge()
  const start = useStartWay('browser', onStart)

  return (
    <WaySection title="With your browser" focusKey={slot.kind}>
      {slot.kind === 'idle' && (
        <>
          <p>Plexkey opens plex.tv in your browser. Best when you are signed in to Plex there.</p>
          <ActionButton variant="primary" onAction={start}>
            Sign in with Plex
          </ActionButton>
        </>
      )}
      {slot.kind === 'starting' && <p className="way-progress">Opening plex.tv in your browser…</p>}
      {slot.kind === 'failed' && <WayFailure mode="browser" error={slot.error} onStart={onStart} />}
      {slot.kind === 'pin' && (
        <>
          <p className="way-progress way-waiting" data-primary>
            Waiting for you to approve in your browser…
          </p>
          <Countdown expiresAt={slot.pin.expiresAt} now={now} />
          {slot.pin.renewals > 0 && (
            <p className="notice notice-info" role="status">
              Plexkey renewed this link before it expired. If your browser says the code expired, open it again.
            </p>
          )}
          {/* The page's link is too long to read or type: a browser elsewhere gets it pasted, else the code way (just under this card) serves. */}
          <div className="action-row">
            <ActionButton onAction={() => api.auth.openBrowser()}>Open browser again</ActionButton>
            <ActionButton variant="quiet" onAction={() => api.auth.copy({ what: 'url', mode: 'browser' })} doneText="Link copied.">
              Copy link
            </ActionButton>
          </div>
        </>
      )}
    </WaySection>
  )
}
