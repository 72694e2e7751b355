import type { Result } from '../../preload/api'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import type { Clock } from '../../main/core/clock'
import { createIdentityService, type IdentityService } from '../../main/core/identities/identity-service'
import type { Logger } from '../../main/core/log'
import type { PlexClient } from '../../main/core/plex/plex-types'
import type { SignInService } from '../../main/core/signin/signin-service'
import { type AccountActions, createAccountActions } from '../../main/app/account-actions'
import { createBrowserSignIn } from '../../main/app/browser-sign-in'

/** The window's account actions as the app builds them, over a real identity service. */
export function accountActionsOn(
  service: SignInService,
  plex: PlexClient,
  vault: CredentialVault,
  clock: Clock,
  log: Logger,
  openExternal: (url: string) => Promise<Result<void>>,
): { readonly accounts: AccountActions; readonly identities: IdentityService } {
  const identities = createIdentityService({ vault, plex, clock, log })
  const addInBrowser = createBrowserSignIn({ service, openExternal, adding: true })
  return { identities, accounts: createAccountActions({ service, identities, vault, plex, addInBrowser, log }) }
}
