import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type { AccountListing, AccountView, ProfileListing, SignInState } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import type { IdentitiesLoad } from '../bridge/use-identities'
import type { PinWanted } from '../bridge/use-pin-wanted'
import { ActionButton } from '../components/action-button'
import { useAnnouncer } from '../components/announcer'
import { ConfirmDialog } from '../components/confirm-dialog'
import { type ConfirmRequest, ConfirmProvider } from '../components/confirm-host'
import { MenuButton, MoreIcon } from '../components/menu-button'
import { Name } from '../components/name'
import { UnbrokenWords } from '../components/unbroken-words'
import { errorCopy } from '../copy/error-copy'
import { attentionText, identityCopy, signOutAccountBody, signOutAccountTitle } from '../copy/identity-copy'
import { healthText } from '../copy/state-copy'
import { formatAgo, formatIn } from '../format/durations'
import { useNow } from '../hooks/use-now'
import { AccountAvatar, IdentityAvatar } from './account-avatar'
import { DevicesSection } from './devices-section'
import { IdentitySwitcher } from './identity-switcher'
import { ServersSection } from './servers-section'
import { ToolsSection } from './tools-section'

type SignedIn = Extract<SignInState, { kind: 'signed-in' }>

/**
 * Who is signed in (the account, and the Home profile when it is not the owner) and whether
 * plex.tv still accepts it, then the account's servers: all on the first screen of the window.
 * Switch opens the switcher in place of the status and the servers (a disclosure: nothing is drawn
 * over them); the menu holds the way out. Sections under the servers fold when they do not fit.
 */
interface SignedInScreenProps {
  readonly state: SignedIn
  readonly identities: IdentitiesLoad
  /** A protected profile chosen in the tray: the switcher opens on its PIN pad. */
  readonly pinWanted: PinWanted | null
}

export function SignedInScreen({ state, identities, pinWanted }: SignedInScreenProps) {
  const { api } = useBridge()
  const say = useAnnouncer()
  const now = useNow(15_000)
  // The one confirmation open, whichever part of the screen asked: all the rest is inert behind it.
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null)
  const [switching, setSwitching] = useState(false)
  const [signOutFailure, setSignOutFailure] = useState('')
  // A tool revoked is a device gone, and a device removed may be a tool's: both lists ask again.
  const [removals, setRemovals] = useState(0)
  const removed = useCallback(() => setRemovals((n) => n + 1), [])
  const switcherId = useId()
  const switchButton = useRef<HTMLButtonElement>(null)
  const { account, storage, health } = state
  // main stamps failed checks too; the last time plex.tv said yes is worth more to a person.
  const lastAccepted = useRef<number | null>(null)
  if (health === 'ok') lastAccepted.current = state.checkedAt
  const profile = activeProfile(identities)
  const attention = identities.kind === 'ready' ? identities.view.accounts.filter((other) => !other.active && other.needsAttention) : []

  // Each request opens the switcher on its pad, even one for the profile asked for last time.
  useEffect(() => {
    if (pinWanted !== null) setSwitching(true)
  }, [pinWanted])

  const closeSwitcher = (): void => {
    setSwitching(false)
    switchButton.current?.focus()
  }

  /** Signs out the active account, or `other` from the switcher; a failure is said, never silent. */
  const signOut = async (other: AccountListing | null): Promise<void> => {
    setSignOutFailure('')
    const result = await (other !== null ? api.accounts.signOut({ uuid: other.uuid }) : api.auth.signOut())
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
    onConfirm: () => void signOut(null),
  }
  const signOutOther = (other: AccountListing): ConfirmRequest => ({
    title: signOutAccountTitle(other),
    body: <p>{signOutAccountBody(other)}</p>,
    confirmLabel: 'Sign out',
    onConfirm: () => void signOut(other),
  })

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
              {profile !== null && (
                <span className="account-profile">
                  <IdentityAvatar name={profile.title} avatar={profile.avatar} small />
                  <span className="visually-hidden">Profile: </span>
                  <Name text={profile.title} className="account-profile-name" />
                </span>
              )}
            </div>
            <button
              ref={switchButton}
              type="button"
              className="button button-secondary switch-button"
              aria-label={identityCopy.switchLabel}
              aria-expanded={switching}
              aria-controls={switching ? switcherId : undefined}
              onClick={() => (switching ? closeSwitcher() : setSwitching(true))}
            >
              Switch
            </button>
            <MenuButton label="Account" items={[{ text: 'Sign out…', onSelect: () => setConfirming(signOutRequest) }]}>
              <MoreIcon />
            </MenuButton>
          </div>
          {switching && (
            <IdentitySwitcher
              key={pinWanted?.n ?? 0}
              id={switcherId}
              load={identities}
              padFor={pinWanted?.uuid ?? null}
              onClose={closeSwitcher}
              onSignOut={(other) => setConfirming(signOutOther(other))}
            />
          )}
          {signOutFailure !== '' && <p className="notice notice-warning">{signOutFailure}</p>}
          {/* Hidden, not unmounted, while switching: the servers are not probed again on every look. */}
          <div className="signed-in-rest" hidden={switching}>
            {attention.map((other) => (
              <p key={other.uuid} className="notice notice-warning">
                {attentionText(other)}
              </p>
            ))}
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
            {/* A new identity has servers, tools and devices of its own: each section asks main again. */}
            <ServersSection key={`servers:${account.uuid}:${profile?.uuid ?? 'owner'}`} />
            <ToolsSection key={`tools:${account.uuid}:${profile?.uuid ?? 'owner'}`} removals={removals} onRemoved={removed} />
            <DevicesSection key={`devices:${account.uuid}`} removals={removals} onRemoved={removed} />
            <details className="details">
              <summary>Where your sign-in is kept</summary>
              <p>{`In your system keychain: ${storage.name}.`}</p>
              <p className="details-meta">{`Listed there as “${storage.service}”, account “${storage.account}”.`}</p>
            </details>
          </div>
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

/** The active Home profile, when it is not the owner's own: the owner is the account itself. */
function activeProfile(identities: IdentitiesLoad): ProfileListing | null {
  if (identities.kind !== 'ready' || identities.view.profiles.kind !== 'listed') return null
  return identities.view.profiles.profiles.find((profile) => profile.active && !profile.admin) ?? null
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
