import type { AccountView, IdentitiesView, PinMode, Result, SignInState } from '../../preload/api'
import { activateAccount, signOutAccount } from '../core/account/account-changes'
import type { CredentialVault } from '../core/account/credential-vault'
import { listKeptAccounts } from '../core/account/kept-accounts'
import type { IdentityService } from '../core/identities/identity-service'
import type { Logger } from '../core/log'
import type { PlexClient } from '../core/plex/plex-types'
import { fail, ok, okVoid } from '../core/result'
import type { SignInService } from '../core/signin/signin-service'
import { forgetToken } from '../core/signin/sign-out'

/** The window's (and the tray's) account actions. Tokens stay in the keychain and the services. */
export interface AccountActions {
  view(): Result<IdentitiesView>
  /** Signs in another account beside the active one; browser mode opens the hosted page too. */
  add(mode: PinMode): Result<void>
  /** Makes a kept account active; one plex.tv refused is signed in again instead. */
  switchTo(uuid: string): Promise<Result<void>>
  /** Signs out the account named: the active one as "Sign out" does, another on its own. */
  signOut(uuid: string): Promise<Result<void>>
}

export interface AccountActionsDeps {
  readonly service: SignInService
  readonly identities: Pick<IdentityService, 'view' | 'refresh'>
  readonly vault: CredentialVault
  readonly plex: PlexClient
  /** "Add another account" in browser mode: the PIN's page opens as soon as it exists (browser-sign-in.ts). */
  readonly addInBrowser: () => Result<void>
  /** Says which account became active when the active one was signed out (an OS notification in the app). */
  readonly announceActive?: (account: AccountView) => void
  readonly log: Logger
}

const signingIn = (state: SignInState): boolean => state.kind === 'starting' || state.kind === 'waiting'
const inProgress = fail('invalid-state', 'A sign-in is in progress; finish or cancel it first.')
const unknown = fail('invalid-state', 'That account is not signed in to Plexkey.')

export function createAccountActions(deps: AccountActionsDeps): AccountActions {
  const { service, identities, log } = deps
  const listing = (uuid: string) => identities.view().accounts.find((account) => account.uuid === uuid)

  function add(mode: PinMode): Result<void> {
    return mode === 'browser' ? deps.addInBrowser() : service.add(mode)
  }

  async function switchTo(uuid: string): Promise<Result<void>> {
    if (signingIn(service.getSnapshot().state)) return inProgress
    const known = listing(uuid)
    // Its token is dead: signing it in again (as adding an account it refreshes it) is the way back.
    if (known?.needsAttention) {
      log.info('the chosen account needs signing in again; starting a sign-in')
      return add('browser')
    }
    const activated = await activateAccount(deps.vault, uuid)
    if (!activated.ok) return activated.error.code === 'invalid-state' ? unknown : activated
    log.info('account switched', { username: activated.value.credential.username })
    // The sign-in state now names another account: refreshOnSignIn reads the accounts again.
    return service.follow()
  }

  async function signOut(uuid: string): Promise<Result<void>> {
    if (signingIn(service.getSnapshot().state)) return inProgress
    // The keychain, not the view (which may lag a step behind), says which account is active.
    const kept = await listKeptAccounts(deps.vault)
    if (!kept.ok) return kept
    const known = kept.value.find((account) => account.credential.accountKey === uuid)
    if (!known) return unknown
    if (known.active) return signOutActive()
    const out = await signOutAccount(deps.vault, uuid, (token) => forgetToken(deps.plex, token, log))
    if (!out.ok) return out
    log.info(out.value.told ? 'account signed out' : 'account signed out on this machine only', {
      username: out.value.signedOut.credential.username,
    })
    await identities.refresh()
    return okVoid
  }

  async function signOutActive(): Promise<Result<void>> {
    const done = await service.signOut()
    if (!done.ok) return done
    // The service made the most recently used other account active, if any: say which.
    const now = service.getSnapshot().state
    if (now.kind === 'signed-in') {
      log.info('signed out; another account is active now', { username: now.account.username })
      deps.announceActive?.(now.account)
    }
    await identities.refresh()
    return okVoid
  }

  return {
    view: () => ok(identities.view()),
    add,
    switchTo,
    signOut,
  }
}
