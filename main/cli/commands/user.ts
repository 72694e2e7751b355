import type { CredentialVault } from '../../core/account/credential-vault'
import { type ProfileContext, switchProfile } from '../../core/home/profile-switch'
import { safeLabel } from '../../core/servers/server-text'
import { accountToken } from '../account-token'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printFailure, printLine } from '../output'
import { homeUsers, lazyCore, namedUser, pinSource, profileContext } from '../profile-access'
import { withPin } from '../profile-pin'

async function toOwner(io: CliIo, ctx: ProfileContext): Promise<ExitCode> {
  const switched = await switchProfile(ctx, { userUuid: null })
  if (!switched.ok) return printFailure(io, switched.error)
  printLine(io, "Back to the account's own profile.")
  return EXIT.ok
}

/**
 * `plexkey user <name> [--pin-stdin]` makes a Home user the active profile; `plexkey user --owner`
 * goes back to the account itself (no PIN, no plex.tv). A protected user's PIN is asked on the
 * terminal without echo, or read from stdin; wrong or missing, it is exit 6 and nothing changes.
 */
export async function runUser(io: CliIo, environment: CliEnvironment, vault: CredentialVault, command: Extract<Command, { kind: 'user' }>): Promise<ExitCode> {
  const pins = pinSource(command.pinStdin)
  const account = await accountToken(io, environment, vault)
  if (!account.ok) return account.exit
  const core = lazyCore(environment, vault)
  try {
    const opened = await core.get()
    if (!opened.ok) return printFailure(io, opened.error)
    const { plex } = opened.value
    const ctx = profileContext(environment, vault, plex, account.accountKey, account.token)
    if (command.name === null) return await toOwner(io, ctx)
    const users = await homeUsers(io, plex, account.token)
    if (!users.ok) return users.exit
    const found = namedUser(io, users.value, command.name)
    if (!found.ok) return found.exit
    const user = found.value
    if (user.uuid === account.accountKey) return await toOwner(io, ctx)
    const switched = await withPin(io, ctx, user, pins, (pin) =>
      switchProfile(ctx, { userUuid: user.uuid, isProtected: user.protected, ...(pin === undefined ? {} : { pin }) }),
    )
    if (!switched.ok) return switched.exit
    printLine(io, `Now using the Home profile "${safeLabel(user.title)}".`)
    printLine(io, "Back to the account's own profile: plexkey user --owner")
    return EXIT.ok
  } finally {
    core.close()
  }
}
