import type { AppError, ProfileSwitchRequest, Result } from '../../preload/api'
import { activeIdentityToken } from '../core/account/active-identity-token'
import type { CredentialVault } from '../core/account/credential-vault'
import type { PinAttempts } from '../core/home/pin-attempts'
import { isPinRefusal, type ProfileContext, profileToken, switchProfile } from '../core/home/profile-switch'
import { plainError } from '../core/plex/plain-error'
import type { PlexClient } from '../core/plex/plex-types'
import { err, fail, ok, okVoid } from '../core/result'

/** The active account's Home profiles as main serves them. Never a token or a PIN: both stay in here. */
export interface ProfileActions {
  /**
   * Makes the owner (the account's uuid or the Home's admin) or a Home user the active profile. The
   * PIN is sent to plex.tv in that one switch and dropped: never kept, logged or answered back.
   */
  switchTo(request: ProfileSwitchRequest): Promise<Result<void>>
  /** The token to act as the active identity with (the active profile's, else the account's); null signed out. */
  identityToken(): Promise<Result<string | null>>
  /**
   * A token plex.tv just refused: when it is the active profile's, one minted again from the
   * account's; null when it was not (the account's own token is the sign-in service's to judge).
   */
  renewed(refused: string): Promise<Result<string | null>>
}

export interface ProfileActionDeps {
  readonly vault: CredentialVault
  readonly plex: Pick<PlexClient, 'listHomeUsers' | 'switchHomeUser' | 'tokenIsDead'>
  /** Wrong PINs in a row, counted in the config directory with every `plexkey` process. */
  readonly attempts: PinAttempts
  readonly now: () => number
  /** The accounts and profiles the window and tray show, asked again after a switch. */
  readonly refreshIdentities: () => void
  /** The servers, asked again as the new identity after a switch. */
  readonly refreshServers: () => void
  /** plex.tv wants the active profile's PIN to mint its token again: the window opens its PIN pad. */
  readonly pinWanted: (uuid: string) => void
}

export function createProfileActions(deps: ProfileActionDeps): ProfileActions {
  const context = (accountUuid: string, ownerToken: string): ProfileContext => ({
    vault: deps.vault,
    plex: deps.plex,
    attempts: deps.attempts,
    accountUuid,
    ownerToken,
    now: deps.now,
  })

  // Plain data across IPC. A PIN refusal keeps its own retryAt (when the next PIN may be sent);
  // which way the PIN failed stays here: the window knows whether it sent one.
  const plain = <T>(result: Result<T>): Result<T> => {
    if (result.ok) return result
    const { error } = result
    if (!isPinRefusal(error)) return err(plainError(error, deps.now()))
    const refusal: AppError = { code: error.code, message: error.message, retryable: error.retryable, ...(error.retryAt === undefined ? {} : { retryAt: error.retryAt }) }
    return err(refusal)
  }

  /** The active profile's token minted from the account's (`stale`: the one plex.tv refused); its PIN asked for when plex.tv wants one. */
  const minted = async (accountUuid: string, ownerToken: string, userUuid: string, stale?: string): Promise<Result<string>> => {
    const token = await profileToken(context(accountUuid, ownerToken), { userUuid, ...(stale === undefined ? {} : { stale }) })
    if (!token.ok && isPinRefusal(token.error)) deps.pinWanted(userUuid)
    return plain(token)
  }

  return {
    switchTo: async ({ uuid, pin }) => {
      const active = await deps.vault.loadActive()
      if (!active.ok) return plain(active)
      if (active.value === null) return fail('invalid-state', 'Sign in to Plex to switch profiles.')
      const { accountKey, token } = active.value
      let userUuid: string | null = null
      let isProtected = false
      // Back to the account itself needs no plex.tv: its own token is kept.
      if (uuid !== accountKey) {
        const home = await deps.plex.listHomeUsers(token)
        if (!home.ok) return plain(home)
        const user = home.value.kind === 'home' ? home.value.users.find((u) => u.uuid === uuid) : undefined
        if (user === undefined) return fail('invalid-state', "That profile is not in this account's Plex Home. Open the list of profiles again and choose one from it.")
        if (!user.admin) {
          userUuid = user.uuid
          isProtected = user.protected
        }
      }
      const switched = await switchProfile(context(accountKey, token), { userUuid, isProtected, ...(pin === undefined ? {} : { pin }) })
      if (!switched.ok) return plain(switched)
      deps.refreshIdentities()
      deps.refreshServers()
      return okVoid
    },
    identityToken: async () => {
      const active = await activeIdentityToken(deps.vault)
      if (!active.ok || active.value === null) return active.ok ? ok(null) : plain(active)
      const { accountUuid, ownerToken, profile, token } = active.value
      if (profile === null || token !== null) return ok(token)
      return minted(accountUuid, ownerToken, profile)
    },
    renewed: async (refused) => {
      const active = await activeIdentityToken(deps.vault)
      if (!active.ok) return plain(active)
      if (active.value === null) return ok(null)
      const { accountUuid, ownerToken, profile, token } = active.value
      if (profile === null || token !== refused) return ok(null)
      return minted(accountUuid, ownerToken, profile, refused)
    },
  }
}
