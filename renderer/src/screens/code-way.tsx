import { useId } from 'react'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { Countdown } from '../components/countdown'
import { PinCode } from '../components/pin-code'
import { QrCode } from '../components/qr-code'
import { spellCode } from '../format/spell-code'
import type { Slot } from './sign-in-slots'
import { useStartWay } from './use-start-way'
import { WayFailure } from './way-failure'
import { WaySection } from './way-section'

/** Where people type the code: the URL main sent, shown without its scheme. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '')
}

interface CodeWayProps {
  readonly slot: Slot
  readonly now: number
  /** Told before this way starts, so the screen keeps it in view. */
  readonly onStart: () => void
}

/** "Use a code on your phone or another computer": the 4-character code for plex.tv/link, with a QR code and copy. */
export function CodeWay({ slot, now, onStart }: CodeWayProps) {
  const { api } = useBridge()
  const start = useStartWay('link', onStart)
  const warningId = useId()

  return (
    <WaySection title="With a code on another device" focusKey={slot.kind}>
      {slot.kind === 'idle' && (
        <>
          <p>Get a 4-character code to enter at plex.tv/link on your phone, TV or another computer.</p>
          <ActionButton onAction={start}>Use a code on your phone or another computer</ActionButton>
        </>
      )}
      {slot.kind === 'starting' && <p className="way-progress">Getting a code from plex.tv…</p>}
      {slot.kind === 'failed' && <WayFailure mode="link" error={slot.error} onStart={onStart} />}
      {slot.kind === 'pin' && (
        <>
          <div className="code-layout">
            <div className="code-steps">
              <p>
                Go to <strong className="code-site">{displayUrl(slot.pin.url)}</strong> and enter:
              </p>
              <PinCode code={slot.pin.code} />
              {/* Right under the code, and only while there is one: the moment it matters. */}
              <p id={warningId} className="phishing-note">
                Never enter a code someone sent you: it would sign them in as you.
              </p>
            </div>
            {slot.pin.qrPayload !== null && (
              <figure className="qr-figure" data-primary>
                <QrCode payload={slot.pin.qrPayload} label={`QR code that opens ${displayUrl(slot.pin.url)} for this code`} />
                <figcaption>Scan with your phone's camera</figcaption>
              </figure>
            )}
          </div>
          <div className="action-row code-actions">
            <Countdown expiresAt={slot.pin.expiresAt} now={now} />
            <span data-primary>
              <ActionButton onAction={() => api.auth.copy({ what: 'code', mode: 'link' })} doneText="Code copied." describedBy={warningId}>
                Copy code
              </ActionButton>
            </span>
          </div>
          {slot.pin.renewals > 0 && (
            <p className="notice notice-info" role="status">
              <span aria-hidden="true">
                New code: <span className="code-text code-inline">{slot.pin.code}</span>.{' '}
              </span>
              <span className="visually-hidden">{`New code: ${spellCode(slot.pin.code)}. `}</span>
              The old one was about to expire and no longer works.
            </p>
          )}
          <ActionButton variant="quiet" onAction={() => api.app.openHelp({ topic: 'link' })}>
            Help with codes
          </ActionButton>
        </>
      )}
    </WaySection>
  )
}
