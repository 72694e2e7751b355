import { useSyncExternalStore } from 'react'
import type { Snapshot } from '../../../preload/api'
import type { SignInStore } from './sign-in-store'

/** The newest sign-in snapshot from main (null until the first one arrives). */
export function useSignInState(store: SignInStore): Snapshot | null {
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}
