import type { SignInState } from '../../preload/api'

type SignedIn = Extract<SignInState, { readonly kind: 'signed-in' }>

/** A signed-in state for tests that look only at its kind and health; the account is a stand-in. */
export function signedInState(health: SignedIn['health'] = 'ok'): SignedIn {
  return {
    kind: 'signed-in',
    account: { id: 1, uuid: 'u', username: 'a', title: 'A', email: '', avatar: null, hasPlexPass: false },
    checkedAt: 0,
    health,
    nextCheckAt: null,
    storage: { name: 'm', service: 'plexkey', account: 'u' },
  }
}
