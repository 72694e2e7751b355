import { useRef, useState } from 'react'
import type { SignInState } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { ConfirmDialog } from '../components/confirm-dialog'
import { errorCopy } from '../copy/error-copy'
import { healthText } from '../copy/state-copy'
import { formatAgo, formatIn } from '../format/durations'
import { useNow } from '../hooks/use-now'
import { AccountAvatar } from './account-avatar'
import { UnbrokenWords } from '../components/unbroken-words'
import { ServersSection } from './servers-section'

type SignedIn = Extract<SignInState, { kind: 'signed-in' }>

/** Who is signed in, where the token is kept, whether plex.tv still accepts it, and the way out. */
export function SignedInScreen({ state }: { readonly state: SignedIn }) {
  const { api } = useBridge()
  const now = useNow(15_000)
  const [confirming, setConfirming] = useState(false)
  const [signOutFailure, setSignOutFailure] = useState('')
  const { account, storage, health } = state
  // main stamps failed checks too; the last time plex.tv said yes is worth more to a person.
  const lastAccepted = useRef<number | null>(null)
  if (health === 'ok') lastAccepted.current = state.checkedAt

  const signOut = async (): Promise<void> => {
    setConfirming(false)
    setSignOutFailure('')
    const result = await api.auth.signOut()
    // On success the state changes and this screen goes away; a failure must not pass silently.
    if (!result.ok) setSignOutFailure(errorCopy(result.error).sentence)
  }

  return (
    <>
      <section className="screen screen-narrow" aria-labelledby="screen-title" inert={confirming}>
        <h1 id="screen-title" tabIndex={-1}>
          Signed in to Plex
        </h1>
        <div className="account card">
          <AccountAvatar account={account} />
          <div className="account-names">
            <p className="account-title">{account.title || account.username}</p>
            <p className="account-username">{account.username}</p>
            {account.email && <p className="account-email">{account.email}</p>}
          </div>
        </div>
        {/* Fixed height, and "Last checked" kept while checking: the row never jumps. */}
        <div className="health-row" data-primary>
          <span className={`health health-${health}`} role="status">
            <span className="health-dot" aria-hidden="true" />
            <span>
              <UnbrokenWords text={healthText(health)} />
            </span>
          </span>
          <span className="health-checked">{checkedLine(state, lastAccepted.current, now)}</span>
        </div>
        <div className="screen-actions" data-primary>
          <ActionButton onAction={() => api.auth.checkNow()}>Check now</ActionButton>
          <span className="action">
            <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
              Sign out…
            </button>
            <span role="status" className={signOutFailure ? 'action-feedback action-failed' : 'action-feedback'}>
              {signOutFailure}
            </span>
          </span>
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Plex Pass</dt>
            <dd>{plexPassText(account.hasPlexPass)}</dd>
          </div>
        </dl>
        <details className="details">
          <summary>Details</summary>
          <p>{`Your sign-in is kept in your system keychain: ${storage.name}.`}</p>
          <p className="details-meta">{`Listed there as “${storage.service}”, account “${storage.account}”.`}</p>
        </details>
        <ServersSection />
      </section>
      {confirming && (
        <ConfirmDialog title="Sign out of Plex?" confirmLabel="Sign out" onConfirm={() => void signOut()} onCancel={() => setConfirming(false)}>
          <p>{`Plexkey will sign this computer out of Plex and remove the token from ${storage.name}. You can sign in again at any time.`}</p>
        </ConfirmDialog>
      )}
    </>
  )
}

/** Null: restored while plex.tv could not be reached, so not known until the next good check. */
function plexPassText(hasPlexPass: boolean | null): string {
  if (hasPlexPass === null) return 'Unknown'
  return hasPlexPass ? 'Active' : 'Not subscribed'
}

/**
 * When plex.tv last answered. Unreachable: the last time it accepted the sign-in (or, restored
 * while unreachable, the failed try), and when main asks again by itself.
 */
function checkedLine(state: SignedIn, lastAccepted: number | null, now: number): string {
  if (state.health !== 'unreachable') return `Last checked ${formatAgo(lastAccepted ?? state.checkedAt, now)}`
  const last = lastAccepted === null ? `Tried ${formatAgo(state.checkedAt, now)}` : `Last accepted ${formatAgo(lastAccepted, now)}`
  return state.nextCheckAt === null ? `${last}.` : `${last}; next try ${formatIn(state.nextCheckAt, now)}.`
}
