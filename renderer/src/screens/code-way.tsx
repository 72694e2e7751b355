import { useId } from 'react'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { Countdown } from '../components/countdown'
import { PinCode } from '../components/pin-code'
import { QrCode } from '../components/qr-code'
import { spellCode } from '../format/spell-code'
import type { Slot } from './sign-in-slots'
import { WayFailure } from './way-failure'
import { WaySection } from './way-section'

/** Where people type the code: the URL main sent, shown without its scheme. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '')
}

/** "Use a code on another device": the 4-character code for plex.tv/link, with a QR code and copy. */
export function CodeWay({ slot, now }: { readonly slot: Slot; readonly now: number }) {
  const { api, intents } = useBridge()
  const warningId = useId()

  return (
    <WaySection title="With a code on another device" focusKey={slot.kind}>
      {slot.kind === 'idle' && (
        <>
          <p>Get a 4-character code to enter at plex.tv/link on your phone, TV or another computer.</p>
          <ActionButton variant="primary" onAction={() => intents.start('link')}>
            Use a code on another device
          </ActionButton>
        </>
      )}
      {slot.kind === 'starting' && <p className="way-progress">Getting a code from plex.tv…</p>}
      {slot.kind === 'failed' && <WayFailure mode="link" error={slot.error} />}
      {slot.kind === 'pin' && (
        <>
          <div className="code-layout">
            <ol className="code-steps">
              <li>
                Go to <strong className="link-text">{displayUrl(slot.pin.url)}</strong>
              </li>
              <li>
                Enter this code:
                <PinCode code={slot.pin.code} />
              </li>
            </ol>
            {slot.pin.qrPayload !== null && (
              <figure className="qr-figure">
                <QrCode payload={slot.pin.qrPayload} label={`QR code that opens ${displayUrl(slot.pin.url)} for this code`} />
                <figcaption>Or scan this with your phone</figcaption>
              </figure>
            )}
          </div>
          <Countdown expiresAt={slot.pin.expiresAt} now={now} />
          {slot.pin.renewals > 0 && (
            <p className="notice notice-info" role="status">
              <span aria-hidden="true">
                New code: <span className="code-text code-inline">{slot.pin.code}</span>.{' '}
              </span>
              <span className="visually-hidden">{`New code: ${spellCode(slot.pin.code)}. `}</span>
              The old one was about to expire and no longer works.
            </p>
          )}
          <div className="action-row">
            <ActionButton onAction={() => api.auth.copy({ what: 'code', mode: 'link' })} doneText="Code copied." describedBy={warningId}>
              Copy code
            </ActionButton>
            <ActionButton variant="quiet" onAction={() => api.app.openHelp({ topic: 'link' })}>
              Help with codes
            </ActionButton>
          </div>
        </>
      )}
      <p id={warningId} className="phishing-note">
        Only enter a code that Plexkey showed you here. If someone sends you a code to enter, don't: it would sign them in as
        you.
      </p>
    </WaySection>
  )
}
