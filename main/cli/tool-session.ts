import type { CredentialVault } from '../core/account/credential-vault'
import type { ToolContext } from '../core/tools/tool-devices'
import { activeToolOwner } from '../core/tools/tool-owner'
import type { CliEnvironment } from './cli-core'
import { cliLogger } from './cli-logger'
import type { ExitCode } from './exit-codes'
import { type CliIo, printFailure } from './output'
import { type AccountSession, openAccount } from './plex-call'

export type OpenedTools =
  | { readonly ok: true; readonly context: ToolContext; readonly session: AccountSession; readonly close: () => void }
  | { readonly ok: false; readonly exit: ExitCode }

/**
 * The signed-in account's tools, for a command that works with them; `close` once done. Not
 * signed in or a keychain failure: the reason is printed and the exit status returned.
 */
export async function openTools(io: CliIo, environment: CliEnvironment, vault: CredentialVault): Promise<OpenedTools> {
  const opened = await openAccount(io, environment, vault)
  if (!opened.ok) return opened
  const { session, close } = opened
  const owner = await activeToolOwner(vault, session.accountUuid, session.token)
  if (!owner.ok) {
    close()
    return { ok: false, exit: printFailure(io, owner.error) }
  }
  const context: ToolContext = {
    vault,
    accountUuid: session.accountUuid,
    plex: session.plex,
    clientFor: session.clientFor,
    install: session.identity,
    owner: owner.value,
    logger: cliLogger(environment, 'tools'),
  }
  return { ok: true, context, session, close }
}
