import type { CredentialVault } from '../core/account/credential-vault'
import type { PlexClient, PlexResult } from '../core/plex/plex-types'
import { accountToken } from './account-token'
import { type CliEnvironment, openCliCore } from './cli-core'
import type { ExitCode } from './exit-codes'
import { type CliIo, printError, printFailure } from './output'

export type PlexAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly exit: ExitCode }

/**
 * One plex.tv call made with the saved account token, for a command that reads something of the
 * account. Not signed in, a keychain failure, or plex.tv refusing or failing: the reason is
 * printed (`failed` first, saying what could not be read) and the exit status returned.
 */
export async function askPlex<T>(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  failed: string,
  call: (plex: PlexClient, token: string) => Promise<PlexResult<T>>,
): Promise<PlexAnswer<T>> {
  const token = await accountToken(io, environment, vault)
  if (!token.ok) return token
  const core = await openCliCore(environment, vault)
  if (!core.ok) return { ok: false, exit: printFailure(io, core.error) }
  try {
    const answer = await call(core.value.plex, token.token)
    if (answer.ok) return answer
    printError(io, failed)
    return { ok: false, exit: printFailure(io, answer.error) }
  } finally {
    core.value.service.dispose()
  }
}
