import type { CredentialVault } from '../../core/account/credential-vault'
import { activeProfileUuid } from '../../core/account/active-profile'
import { readProfiles } from '../../core/home/profile-entry'
import type { PlexHomeUser } from '../../core/plex/plex-types'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printFailure, printJson, printLine } from '../output'
import { askPlex } from '../plex-call'
import { outputColumns } from '../terminal-fit'
import { usersTable } from '../users-table'

/** One Home profile as `--json` prints it: never a token or a PIN (plex.tv's list carries neither). */
function userJson(user: PlexHomeUser, activeUuid: string | null): Readonly<Record<string, unknown>> {
  return { uuid: user.uuid, title: user.title, admin: user.admin, protected: user.protected, restricted: user.restricted, active: user.uuid === activeUuid }
}

/**
 * `plexkey users [--json]`: the profiles of the signed-in account's Plex Home, the owner's among
 * them. An account with no Plex Home (plex.tv answers a Home of one, or an error) is exit 1: there
 * is no profile to choose.
 */
export async function runUsers(io: CliIo, environment: CliEnvironment, vault: CredentialVault, command: Extract<Command, { kind: 'users' }>): Promise<ExitCode> {
  const home = await askPlex(io, environment, vault, 'The Plex Home users could not be read from plex.tv.', (plex, token) => plex.listHomeUsers(token))
  if (!home.ok) return home.exit
  if (home.value.kind === 'no-home') {
    if (command.json) printJson(io, [])
    printError(io, 'This plex.tv account has no Plex Home, so it has no other profiles.')
    return EXIT.failure
  }
  const { users } = home.value
  // The sign-in the list was asked with, and its active profile.
  const account = await vault.loadActive()
  if (!account.ok || account.value === null) return account.ok ? EXIT.failure : printFailure(io, account.error)
  const profiles = await readProfiles(vault, account.value.accountKey)
  if (!profiles.ok) return printFailure(io, profiles.error)
  const active = activeProfileUuid(users, account.value.accountKey, profiles.value.active)
  if (command.json) printJson(io, users.map((user) => userJson(user, active)))
  else for (const line of usersTable(users, active, outputColumns(io.stdout, environment.env))) printLine(io, line)
  return EXIT.ok
}
