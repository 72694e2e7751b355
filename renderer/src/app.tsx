import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { PlexkeyApi, SignInState } from '../../preload/api'
import { assertNever } from './assert-never'
import { type Bridge, BridgeContext } from './bridge/bridge-context'
import { createSignInIntents } from './bridge/sign-in-intents'
import { createSignInStore } from './bridge/sign-in-store'
import { activeAccount, type IdentitiesLoad, useIdentities } from './bridge/use-identities'
import { type PinWanted, usePinWanted } from './bridge/use-pin-wanted'
import { useSignInState } from './bridge/use-sign-in-state'
import { GearIcon } from './components/gear-icon'
import { AnnouncerProvider, useLiveRegions } from './components/announcer'
import { LiveRegion } from './components/live-region'
import { RenderFailureBoundary } from './components/render-failure-boundary'
import { stateAnnouncement } from './copy/state-copy'
import { useRescueFocus } from './hooks/use-rescue-focus'
import { ErrorScreen } from './screens/error-screen'
import { ProgressScreen } from './screens/progress-screen'
import { SettingsScreen } from './screens/settings-screen'
import { SignInScreen } from './screens/sign-in-screen'
import { SignedInScreen } from './screens/signed-in-screen'

/**
 * The whole window: draws main's newest snapshot and announces each change of state. Settings open
 * in place of the current screen from the header, on every screen; the sign-in carries on behind
 * them, and its changes are still announced.
 */
export function App({ api }: { readonly api: PlexkeyApi }) {
  const [store] = useState(() => createSignInStore(api))
  const bridge = useMemo<Bridge>(() => ({ api, intents: createSignInIntents(api) }), [api])
  const snapshot = useSignInState(store)
  const identities = useIdentities(api)
  const state = snapshot?.state ?? null
  // Who was signed in, for "Sign in again as …" once plex.tv refuses that sign-in.
  const formerUser = useRef<string | null>(null)
  if (state?.kind === 'signed-in') formerUser.current = state.account.username
  const mainRef = useRef<HTMLElement>(null)
  useRescueFocus(() => mainRef.current?.querySelector<HTMLElement>('#screen-title'), state?.kind ?? 'loading')
  const [settingsOpen, setSettingsOpen] = useState(false)
  const settingsButtonRef = useRef<HTMLButtonElement>(null)
  const closeSettings = useCallback(() => setSettingsOpen(false), [])
  // A PIN asked from the tray needs the pad in view: Settings give way to it.
  const pinWanted = usePinWanted(api, closeSettings)
  useReturnFocus(settingsOpen, settingsButtonRef)
  useCloseOnSignInStart(state?.kind ?? null, closeSettings)
  const live = useLiveRegions(state === null ? '' : stateAnnouncement(state))

  return (
    <BridgeContext.Provider value={bridge}>
      <AnnouncerProvider value={live.say}>
      <div className="app">
        <header className="app-header">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Plexkey
          </span>
          {/* Not a disclosure: Settings take the screen's place, and the button says nothing of
              being "collapsed". Pressed-looking while they are open, for eyes. */}
          <button
            ref={settingsButtonRef}
            type="button"
            className={settingsOpen ? 'header-button header-button-active' : 'header-button'}
            onClick={() => setSettingsOpen((open) => !open)}
          >
            <GearIcon />
            Settings
          </button>
        </header>
        <main id="app-main" ref={mainRef} className="app-main">
          {settingsOpen ? (
            <SettingsScreen onClose={closeSettings} />
          ) : state === null ? (
            <ProgressScreen title="Starting Plexkey…" detail="One moment." />
          ) : (
            <RenderFailureBoundary resetKey={state} fallback={(error) => <ErrorScreen error={error} />}>
              <ScreenFor state={state} formerUser={formerUser.current} identities={identities} pinWanted={pinWanted} />
            </RenderFailureBoundary>
          )}
        </main>
        <LiveRegion message={live.polite} label="Sign-in status" />
        <LiveRegion message={live.assertive} urgency="assertive" />
      </div>
      </AnnouncerProvider>
    </BridgeContext.Provider>
  )
}

interface ScreenForProps {
  readonly state: SignInState
  readonly formerUser: string | null
  readonly identities: IdentitiesLoad
  readonly pinWanted: PinWanted | null
}

function ScreenFor({ state, formerUser, identities, pinWanted }: ScreenForProps) {
  switch (state.kind) {
    case 'restoring':
      return <ProgressScreen title="Checking your saved sign-in…" detail="Plexkey is asking plex.tv whether your saved sign-in still works." />
    case 'signed-out':
    case 'starting':
    case 'waiting':
      return <SignInScreen state={state} formerUser={formerUser} returnTo={returnAccount(identities)} />
    case 'signed-in':
      return <SignedInScreen state={state} identities={identities} pinWanted={pinWanted} />
    case 'error':
      return <ErrorScreen error={state.error} />
    default:
      return assertNever(state)
  }
}

/**
 * The account a sign-in screen can go back to: the active one, while another is being added. Not
 * one whose own sign-in plex.tv refused: that screen is there to sign it in again.
 */
function returnAccount(identities: IdentitiesLoad) {
  const active = activeAccount(identities)
  return active === null || active.needsAttention ? null : active
}

/**
 * A sign-in that starts while Settings are open (from the tray or a notification) needs the user:
 * Settings give way to it. Only on entering the sign-in, not on each change while it runs.
 */
function useCloseOnSignInStart(kind: SignInState['kind'] | null, close: () => void): void {
  const previous = useRef(kind)
  useEffect(() => {
    const signingIn = (k: typeof kind): boolean => k === 'starting' || k === 'waiting'
    if (signingIn(kind) && !signingIn(previous.current)) close()
    previous.current = kind
  }, [kind, close])
}

/** Once `open` turns false, focus goes back to the control that opened it. */
function useReturnFocus(open: boolean, opener: { readonly current: HTMLElement | null }): void {
  const wasOpen = useRef(open)
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus()
    wasOpen.current = open
  }, [open, opener])
}
