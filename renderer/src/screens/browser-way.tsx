import { useId } from 'react'
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
  const linkId = useId()

  return (
    <WaySection title="With your browser" focusKey={slot.kind}>
      {slot.kind === 'idle' && (
        <>
          <p>Plexkey opens plex.tv in your browser, where you approve this computer. Best when you are signed in to Plex there.</p>
          <ActionButton variant="primary" onAction={start}>
            Sign in with your browser
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
          <div className="action-row">
            <ActionButton onAction={() => api.auth.openBrowser()}>Open browser again</ActionButton>
          </div>
          <details className="details browser-fallback">
            <summary>Browser didn't open?</summary>
            <label className="field-label" htmlFor={linkId}>
              Open this link in any browser:
            </label>
            <input id={linkId} className="field link-field" type="text" readOnly value={slot.pin.url} spellCheck={false} />
            <ActionButton onAction={() => api.auth.copy({ what: 'url', mode: 'browser' })} doneText="Link copied.">
              Copy link
            </ActionButton>
          </details>
        </>
      )}
    </WaySection>
  )
}
