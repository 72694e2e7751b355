import type { SignInState, Snapshot, Unsubscribe } from '../../../preload/api'
import type { IdentityService } from './identity-service'

/**
 * Who the sign-in state says is active, as far as the kept accounts are concerned: signed in as an
 * account, or settled without one. Null while a sign-in or check is under way: the keychain is
 * not changed by those, so the accounts are not read again for them.
 */
function whoIsActive(state: SignInState): string | null {
  switch (state.kind) {
    case 'signed-in':
      return `account:${state.account.uuid}`
    case 'signed-out':
    case 'error':
      return state.kind
    default:
      return null
  }
}

/** Reads the accounts again whenever the sign-in state moves to another account, or to none. */
export function refreshOnSignIn(
  identities: Pick<IdentityService, 'refresh'>,
  signIn: { getSnapshot(): Snapshot; subscribe(listener: (snapshot: Snapshot) => void): Unsubscribe },
): Unsubscribe {
  let last: string | null = null
  const follow = (snapshot: Snapshot): void => {
    const now = whoIsActive(snapshot.state)
    if (now === null || now === last) return
    last = now
    void identities.refresh()
  }
  follow(signIn.getSnapshot())
  return signIn.subscribe(follow)
}
