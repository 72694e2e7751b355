import { createContext, useContext } from 'react'
import type { PlexkeyApi } from '../../../preload/api'
import type { SignInIntents } from './sign-in-intents'

/** What screens talk to: the contract itself, and sign-in requests that remember the last mode. */
export interface Bridge {
  readonly api: PlexkeyApi
  readonly intents: SignInIntents
}

/** Carries the bridge down the tree, so screens never reach for `window` and tests pass a fake. */
export const BridgeContext = createContext<Bridge | null>(null)

export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext)
  if (bridge === null) throw new Error('useBridge() needs a <BridgeContext.Provider> above it.')
  return bridge
}
