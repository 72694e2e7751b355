import { useCallback, useRef, useState } from 'react'
import type { AccountView, SignInState } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { useAnnouncer } from '../components/announcer'
import { ConfirmDialog } from '../components/confirm-dialog'
import { type ConfirmRequest, ConfirmProvider } from '../components/confirm-host'
import { MenuButton, MoreIcon } from '../components/menu-button'
import { Name } from '../components/name'
import { UnbrokenWords } from '../components/unbroken-words'
import { errorCopy } from '../copy/error-copy'
import { healthText } from '../copy/state-copy'
import { formatAgo, formatIn } from '../format/durations'
import { useNow } from '../hooks/use-now'
import { AccountAvatar } from './account-avatar'
import { DevicesSection } from './devices-section'
import { ServersSection } from './servers-section'
import { ToolsSection } from './tools-section'

type SignedIn = Extract<SignInState, { kind: 'signed-in' }>

/**
 * Who is signed in and whether plex.tv still accepts it, then the account's servers: all on the
 * first screen of the window. The account card is where an account and profile switcher goes;
 * its menu holds the way out. Sections under the servers fold when they do not fit.
 */
export function SignedInScreen({ state }: { readonly state: SignedIn }) {
  const { api } = useBridge()
  const say = useAnnouncer()
  const now = useNow(15_000)
  // The one confirmation open, whichever part of the screen asked: all the rest is inert behind it.
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null)
  const [signOutFailure, setSignOutFailure] = useState('')
  // A tool revoked is a device gone, and a device removed may be a tool's: both lists ask again.
  const [removals, setRemovals] = useState(0)
  const removed = useCallback(() => setRemovals((n) => n + 1), [])
  const { account, storage, health } = state
  // main stamps failed checks too; the last time plex.tv said yes is worth more to a person.
  const lastAccepted = useRef<number | null>(null)
  if (health === 'ok') lastAccepted.current = state.checkedAt

  const signOut = async (): Promise<void> => {
    setSignOutFailure('')
    const result = await api.auth.signOut()
    // On success the state changes and this screen goes away; a failure must not pass silently.
    if (result.ok) return
    const sentence = errorCopy(result.error).sentence
    setSignOutFailure(sentence)
    say(sentence, 'assertive')
  }

  const signOutRequest: ConfirmRequest = {
    title: 'Sign out of Plex?',
    body: <p>{`Plexkey will sign this computer out of Plex and remove the token from ${storage.name}. You can sign in again at any time.`}</p>,
    confirmLabel: 'Sign out',
    onConfirm: () => void signOut(),
  }

  return (
    <>
      <ConfirmProvider value={setConfirming}>
        <section className="screen screen-narrow signed-in" aria-labelledby="screen-title" inert={confirming !== null}>
          <h1 id="screen-title" tabIndex={-1}>
            Signed in to Plex
          </h1>
          <div className="account card" data-primary>
            <AccountAvatar account={account} />
            <div className="account-names">
              <Name text={account.title || account.username} className="account-title" />
              <span className="account-line">
                <Name text={account.username} className="account-username" />
                <PlexPass hasPlexPass={account.hasPlexPass} />
              </span>
              {account.email && <Name text={account.email} className="account-email" />}
            </div>
            <MenuButton label="Account" items={[{ text: 'Sign out…', onSelect: () => setConfirming(signOutRequest) }]}>
              <MoreIcon />
            </MenuButton>
          </div>
          <div className="health-row" data-primary>
            <p className={`health health-${health}`}>
              <span className="health-dot" aria-hidden="true" />
              <span className="health-text">
                <UnbrokenWords text={healthText(health)} />
              </span>
              <ActionButton variant="quiet" onAction={() => api.auth.checkNow()}>
                Check now
              </ActionButton>
            </p>
            {/* "Last checked" stays while checking: the row never jumps. */}
            <p className="health-checked">{checkedLine(state, lastAccepted.current, now)}</p>
          </div>
          {signOutFailure !== '' && <p className="notice notice-warning">{signOutFailure}</p>}
          <ServersSection />
          <ToolsSection removals={removals} onRemoved={removed} />
          <DevicesSection removals={removals} onRemoved={removed} />
          <details className="details">
            <summary>Where your sign-in is kept</summary>
            <p>{`In your system keychain: ${storage.name}.`}</p>
            <p className="details-meta">{`Listed there as “${storage.service}”, account “${storage.account}”.`}</p>
          </details>
        </section>
      </ConfirmProvider>
      {confirming !== null && (
        <ConfirmDialog
          title={confirming.title}
          confirmLabel={confirming.confirmLabel}
          onConfirm={() => {
            setConfirming(null)
            confirming.onConfirm()
          }}
          onCancel={() => setConfirming(null)}
        >
          {confirming.body}
        </ConfirmDialog>
      )}
    </>
  )
}

/** Null: restored while plex.tv could not be reached, so not known until the next good check; nothing is said. */
function PlexPass({ hasPlexPass }: { readonly hasPlexPass: AccountView['hasPlexPass'] }) {
  if (hasPlexPass === null) return null
  return <span className={hasPlexPass ? 'badge badge-plex-pass' : 'badge'}>{hasPlexPass ? 'Plex Pass' : 'No Plex Pass'}</span>
}

/**
 * When plex.tv last answered. Unreachable: the last time it accepted the sign-in (or, restored
 * while unreachable, the failed try), and when main asks again by itself.
 */
function checkedLine(state: SignedIn, lastAccepted: number | null, now: number): string {
  if (state.health !== 'unreachable') return `Last checked ${formatAgo(lastAccepted ?? state.checkedAt, now)}.`
  const last = lastAccepted === null ? `Tried ${formatAgo(state.checkedAt, now)}` : `Last accepted ${formatAgo(lastAccepted, now)}`
  return state.nextCheckAt === null ? `${last}.` : `${last}; next try ${formatIn(state.nextCheckAt, now)}.`
}
