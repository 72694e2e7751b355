import { useMemo, useRef, useState } from 'react'
import type { PlexkeyApi, SignInState } from '../../preload/api'
import { assertNever } from './assert-never'
import { type Bridge, BridgeContext } from './bridge/bridge-context'
import { createSignInIntents } from './bridge/sign-in-intents'
import { createSignInStore } from './bridge/sign-in-store'
import { useSignInState } from './bridge/use-sign-in-state'
import { LiveRegion } from './components/live-region'
import { stateAnnouncement } from './copy/state-copy'
import { useRescueFocus } from './hooks/use-rescue-focus'
import { ErrorScreen } from './screens/error-screen'
import { ProgressScreen } from './screens/progress-screen'
import { SignInScreen } from './screens/sign-in-screen'
import { SignedInScreen } from './screens/signed-in-screen'

/** The whole window: draws main's newest snapshot and announces each change of state. */
export function App({ api }: { readonly api: PlexkeyApi }) {
  const [store] = useState(() => createSignInStore(api))
  const bridge = useMemo<Bridge>(() => ({ api, intents: createSignInIntents(api) }), [api])
  const snapshot = useSignInState(store)
  const state = snapshot?.state ?? null
  const mainRef = useRef<HTMLElement>(null)
  useRescueFocus(() => mainRef.current?.querySelector<HTMLElement>('#screen-title'), state?.kind ?? 'loading')

  return (
    <BridgeContext.Provider value={bridge}>
      <div className="app">
        <header className="app-header">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Plexkey
          </span>
        </header>
        <main ref={mainRef} className="app-main">
          {state === null ? <ProgressScreen title="Starting Plexkey…" detail="One moment." /> : <ScreenFor state={state} />}
        </main>
        <LiveRegion message={state === null ? '' : stateAnnouncement(state, Date.now())} label="Sign-in status" />
      </div>
    </BridgeContext.Provider>
  )
}

function ScreenFor({ state }: { readonly state: SignInState }) {
  switch (state.kind) {
    case 'restoring':
      return <ProgressScreen title="Checking your saved sign-in…" detail="Plexkey is asking plex.tv whether your saved sign-in still works." />
    case 'signed-out':
    case 'starting':
    case 'waiting':
      return <SignInScreen state={state} />
    case 'signed-in':
      return <SignedInScreen state={state} />
    case 'error':
      return <ErrorScreen error={state.error} />
    default:
      return assertNever(state)
  }
}
