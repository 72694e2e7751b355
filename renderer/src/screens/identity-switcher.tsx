import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react'
import type { AccountListing, ProfileListing, ProfilesView, Result } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { settled } from '../bridge/settled'
import type { IdentitiesLoad } from '../bridge/use-identities'
import { useAnnouncer } from '../components/announcer'
import { Name } from '../components/name'
import { errorCopy } from '../copy/error-copy'
import { accountName, identityCopy, profileName, switchedText, switchFailureText } from '../copy/identity-copy'
import { IdentityAvatar } from './account-avatar'
import { PinPad } from './pin-pad'

export interface IdentitySwitcherProps {
  readonly id: string
  readonly load: IdentitiesLoad
  /** A profile whose PIN pad opens as soon as the profile is listed (asked from the tray). */
  readonly padFor: string | null
  /** Closes the switcher; the caller gives focus back to the button that opened it. */
  readonly onClose: () => void
  /** Asks before signing out an account other than the active one. */
  readonly onSignOut: (account: AccountListing) => void
}

/**
 * The switcher under the account card: the other accounts, a way to add one, and the active
 * account's Home profiles. The arrow keys, Home and End move between its choices, Escape closes
 * it. A protected profile opens the PIN pad in its place; a profile main says needs a PIN after
 * all (even the owner is sometimes asked) opens it too.
 */
export function IdentitySwitcher({ id, load, padFor, onClose, onSignOut }: IdentitySwitcherProps) {
  const { api } = useBridge()
  const say = useAnnouncer()
  const [pad, setPad] = useState<ProfileListing | null>(null)
  const [failure, setFailure] = useState('')
  const rootRef = useRef<HTMLElement>(null)
  // The profile whose pad just closed: its choice takes focus back.
  const returnTo = useRef<string | null>(null)
  // The pad asked from outside opens once: going back from it leaves the list in view.
  const wanted = useRef(padFor)
  const listed = load.kind === 'ready' && load.view.profiles.kind === 'listed' ? load.view.profiles.profiles : null
  useEffect(() => {
    const profile = listed?.find((each) => each.uuid === wanted.current)
    if (profile === undefined || !profile.protected || profile.active) return
    wanted.current = null
    setPad(profile)
  }, [listed])

  useEffect(() => {
    if (pad !== null) return
    const choices = Array.from(rootRef.current?.querySelectorAll<HTMLElement>('[data-choice]') ?? [])
    ;(choices.find((choice) => choice.dataset.choice === returnTo.current) ?? choices[0])?.focus()
    returnTo.current = null
  }, [pad])

  const switched = (name: string): void => {
    onClose()
    say(switchedText(name), 'polite')
  }

  const run = async (call: () => Promise<Result<void>>, onDone: () => void, onFailed?: (code: string) => boolean): Promise<void> => {
    setFailure('')
    const result = await settled(call)
    if (result.ok) return onDone()
    if (onFailed?.(result.error.code) === true) return
    const text = switchFailureText(result.error, false)
    setFailure(text)
    say(text, 'assertive')
  }

  const chooseProfile = (profile: ProfileListing): void => {
    if (profile.active) return onClose()
    if (profile.protected) return setPad(profile)
    void run(
      () => api.profiles.switch({ uuid: profile.uuid }),
      () => switched(profileName(profile)),
      (code) => {
        if (code !== 'home-pin-required') return false
        setPad(profile)
        return true
      },
    )
  }

  if (pad !== null) {
    return (
      <div id={id}>
        <PinPad
          profile={pad}
          onSwitched={() => switched(profileName(pad))}
          onCancel={() => {
            returnTo.current = pad.uuid
            setPad(null)
          }}
        />
      </div>
    )
  }

  const others = load.kind === 'ready' ? load.view.accounts.filter((account) => !account.active) : []
  return (
    <section ref={rootRef} id={id} className="switcher card" aria-label={identityCopy.switchLabel} onKeyDown={(event) => moveFocus(event, onClose)}>
      {failure !== '' && <p className="notice notice-warning">{failure}</p>}
      {/* Until main has said who is signed in, there is nothing to list; adding an account needs no list. */}
      {load.kind === 'failed' && <p className="notice notice-warning">{errorCopy(load.error).sentence}</p>}
      {load.kind === 'loading' && <p className="switcher-note">{identityCopy.identitiesLoading}</p>}
      {load.kind === 'ready' && <h2 className="switcher-heading">Accounts</h2>}
      {load.kind !== 'ready' ? null : others.length === 0 ? (
        <p className="switcher-note">{identityCopy.noOtherAccounts}</p>
      ) : (
        <ul className="switcher-list">
          {others.map((account) => (
            <li key={account.uuid} className="switcher-row">
              <Choice
                id={account.uuid}
                onChoose={() => void run(() => api.accounts.switch({ uuid: account.uuid }), () => switched(accountName(account)))}
              >
                <IdentityAvatar name={accountName(account)} avatar={account.avatar} small />
                <Name text={account.title || account.username} className="choice-name" />
                {account.needsAttention && <Badge shown={identityCopy.needsSignIn} said={identityCopy.needsSignIn} className="badge-attention" />}
              </Choice>
              <button type="button" className="button button-quiet switcher-sign-out" aria-label={`Sign out of ${accountName(account)}…`} onClick={() => onSignOut(account)}>
                Sign out…
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button-secondary switcher-add"
        data-choice="add"
        onClick={() => void run(() => api.accounts.add({ mode: 'browser' }), onClose)}
      >
        {identityCopy.addAccount}
      </button>
      {load.kind === 'ready' && (
        <>
          <h2 className="switcher-heading">Home profiles</h2>
          <Profiles view={load.view.profiles} onChoose={chooseProfile} />
        </>
      )}
    </section>
  )
}

function Profiles({ view, onChoose }: { readonly view: ProfilesView; readonly onChoose: (profile: ProfileListing) => void }) {
  switch (view.kind) {
    case 'loading':
      return <p className="switcher-note">{identityCopy.homeLoading}</p>
    case 'no-home':
      return <p className="switcher-note">{identityCopy.noHome}</p>
    case 'error':
      return <p className="switcher-note">{errorCopy(view.error).sentence}</p>
    case 'listed':
      return (
        <ul className="switcher-list">
          {view.profiles.map((profile) => (
            <li key={profile.uuid} className="switcher-row">
              <Choice id={profile.uuid} current={profile.active} onChoose={() => onChoose(profile)}>
                <IdentityAvatar name={profileName(profile)} avatar={profile.avatar} small />
                <Name text={profile.title} className="choice-name" />
                {profile.admin && <Badge {...identityCopy.ownerBadge} />}
                {profile.protected && <Badge {...identityCopy.protectedBadge} />}
                {profile.active && <Badge {...identityCopy.activeBadge} className="badge-active" />}
              </Choice>
            </li>
          ))}
        </ul>
      )
  }
}

/**
 * A few words beside a name, short for eyes ("PIN") and whole for ears (", needs a PIN"): the
 * choice is named by what it holds, so its name starts with the words people see.
 */
function Badge({ shown, said, className }: { readonly shown: string; readonly said: string; readonly className?: string }) {
  return (
    <span className={className === undefined ? 'badge' : `badge ${className}`}>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{`, ${said}`}</span>
    </span>
  )
}

function Choice({
  id,
  current = false,
  onChoose,
  children,
}: {
  readonly id: string
  readonly current?: boolean
  readonly onChoose: () => void
  readonly children: ReactNode
}) {
  return (
    <button type="button" className="switcher-choice" data-choice={id} aria-current={current || undefined} onClick={onChoose}>
      {children}
    </button>
  )
}

/** Up, Down, Home and End move between the switcher's choices; Escape closes it. */
function moveFocus(event: KeyboardEvent<HTMLElement>, onClose: () => void): void {
  if (event.key === 'Escape') {
    event.preventDefault()
    onClose()
    return
  }
  const choices = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-choice]'))
  const at = choices.indexOf(document.activeElement as HTMLElement)
  if (at === -1) return
  const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: choices.length - 1 }
  const next = move[event.key]
  if (next === undefined) return
  event.preventDefault()
  choices[(next + choices.length) % choices.length]?.focus()
}
