import type { ClientIdentity } from '../core/account/client-identity'
import type { CredentialVault } from '../core/account/credential-vault'
import type { PlexClient, PlexResult } from '../core/plex/plex-types'
import { accountToken } from './account-token'
import { type CliEnvironment, openCliCore } from './cli-core'
import type { ExitCode } from './exit-codes'
import { type CliIo, printError, printFailure } from './output'

export type PlexAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly exit: ExitCode }

/** What a command that asks plex.tv as the account works with; `identity` is this install's. */
export interface AccountSession {
  readonly token: string
  readonly accountUuid: string
  readonly plex: PlexClient
  readonly clientId: string
  readonly identity: ClientIdentity
  /** A plex.tv client speaking as another identity (a tool's device). */
  readonly clientFor: (identity: ClientIdentity) => PlexClient
}

export type OpenedAccount = { readonly ok: true; readonly session: AccountSession; readonly close: () => void } | { readonly ok: false; readonly exit: ExitCode }

/**
 * The saved account token and the plex.tv client, for a command that makes one or more calls as
 * the account; `close` once done. Not signed in or a keychain failure: the reason is printed and
 * the exit status returned.
 */
export async function openAccount(io: CliIo, environment: CliEnvironment, vault: CredentialVault): Promise<OpenedAccount> {
  const token = await accountToken(io, environment, vault)
  if (!token.ok) return token
  const core = await openCliCore(environment, vault)
  if (!core.ok) return { ok: false, exit: printFailure(io, core.error) }
  const { plex, identity, service, clientFor } = core.value
  const session: AccountSession = { token: token.token, accountUuid: token.accountKey, plex, clientId: identity.clientId, identity, clientFor }
  return { ok: true, session, close: () => service.dispose() }
}

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
  const opened = await openAccount(io, environment, vault)
  if (!opened.ok) return opened
  try {
    const answer = await call(opened.session.plex, opened.session.token)
    if (answer.ok) return answer
    printError(io, failed)
    return { ok: false, exit: printFailure(io, answer.error) }
  } finally {
    opened.close()
  }
}
