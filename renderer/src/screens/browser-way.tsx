import { useId } from 'react'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { Countdown } from '../components/countdown'
import type { Slot } from './sign-in-slots'
import { WayFailure } from './way-failure'
import { WaySection } from './way-section'

/** "Sign in with your browser": the hosted plex.tv page, opened by main, with the link kept in view. */
export function BrowserWay({ slot, now }: { readonly slot: Slot; readonly now: number }) {
  const { api, intents } = useBridge()
  const linkId = useId()

  return (
    <WaySection title="With your browser" focusKey={slot.kind}>
      {slot.kind === 'idle' && (
        <>
          <p>Plexkey opens plex.tv in your browser, where you approve this computer. Best when you are signed in to Plex there.</p>
          <ActionButton variant="primary" onAction={() => intents.start('browser')}>
            Sign in with your browser
          </ActionButton>
        </>
      )}
      {slot.kind === 'starting' && <p className="way-progress">Opening plex.tv in your browser…</p>}
      {slot.kind === 'failed' && <WayFailure mode="browser" error={slot.error} />}
      {slot.kind === 'pin' && (
        <>
          <p>Your browser should now show plex.tv. Approve Plexkey there, then come back.</p>
          <Countdown expiresAt={slot.pin.expiresAt} now={now} />
          {slot.pin.renewals > 0 && (
            <p className="notice notice-info" role="status">
              Plexkey renewed this link before it expired. If your browser says the code expired, open it again.
            </p>
          )}
          <label className="field-label" htmlFor={linkId}>
            No browser opened? Use this link:
          </label>
          <input id={linkId} className="field link-field" type="text" readOnly value={slot.pin.url} spellCheck={false} />
          <div className="action-row">
            <ActionButton variant="primary" onAction={() => api.auth.openBrowser()}>
              Open browser again
            </ActionButton>
            <ActionButton onAction={() => api.auth.copy({ what: 'url', mode: 'browser' })} doneText="Link copied.">
              Copy link
            </ActionButton>
          </div>
        </>
      )}
    </WaySection>
  )
}
