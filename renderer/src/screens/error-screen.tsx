import type { AppError } from '../../../preload/api'
import { type Bridge, useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { type ErrorAction, errorCopy } from '../copy/error-copy'
import { assertNever } from '../assert-never'
import { useRateLimitWait } from './rate-limit-wait'

/**
 * One plain sentence and one action, chosen by the error's code, and a way back when that action
 * starts something new; main's own words under Details.
 */
export function ErrorScreen({ error }: { readonly error: AppError }) {
  const bridge = useBridge()
  const copy = errorCopy(error)
  // Only a rate limit makes "Try again" wait; every other error may try at once.
  const wait = useRateLimitWait(error.code === 'rate-limited' ? (error.retryAt ?? null) : 0)
  const startsAgain =
    copy.action === 'reauthenticate' || copy.action === 'new-code' || (copy.action === 'retry' && bridge.intents.retryStarts())

  return (
    <section className="screen screen-narrow screen-error card" aria-labelledby="screen-title">
      <span className="error-mark" aria-hidden="true" />
      <h1 id="screen-title" tabIndex={-1}>
        {copy.title}
      </h1>
      <p className="lead">{copy.sentence}</p>
      <div className="screen-actions">
        <ActionButton variant="primary" onAction={() => runErrorAction(copy.action, bridge)} disabled={wait.waiting}>
          {wait.label ?? copy.actionLabel}
        </ActionButton>
        {/* main checks the saved sign-in again: with none (the sign-in just failed), that is the sign-in screen. */}
        {startsAgain && <ActionButton onAction={() => bridge.api.auth.checkNow()}>Back to sign-in</ActionButton>}
      </div>
      <details className="details">
        <summary>Details</summary>
        {error.message !== copy.sentence && <p>{error.message}</p>}
        <p className="details-meta">{detailsLine(error)}</p>
      </details>
    </section>
  )
}

/** "code plex-error · HTTP 503 · Plex error 1099": what a bug report needs, never a token. */
function detailsLine(error: AppError): string {
  const parts = [`code ${error.code}`]
  if (error.status !== undefined) parts.push(`HTTP ${error.status}`)
  if (error.plexCode !== undefined) parts.push(`Plex error ${error.plexCode}`)
  return parts.join(' · ')
}

function runErrorAction(action: ErrorAction, { api, intents }: Bridge) {
  switch (action) {
    case 'retry':
      return intents.retry()
    case 'reauthenticate':
      return intents.start('browser')
    case 'new-code':
      return intents.restart()
    case 'check-now':
      return api.auth.checkNow()
    default:
      return assertNever(action)
  }
}
