import type { Result } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { ok } from '../result'

/** Whose tools are in use: the Home profile (null: the account's owner), and the token that speaks for it at plex.tv. */
export interface ToolOwner {
  readonly profile: string | null
  readonly token: string
}

/**
 * The owner of the tools in use for the signed-in account. A tool's device belongs to the Home
 * profile that is active when it is minted; until a Home profile can be made active, that is
 * always the account's owner, with the account's own token.
 */
export async function activeToolOwner(_vault: CredentialVault, _accountUuid: string, accountToken: string): Promise<Result<ToolOwner>> {
  return ok({ profile: null, token: accountToken })
}
