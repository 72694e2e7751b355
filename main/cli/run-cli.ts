import type { CredentialVault } from '../core/account/credential-vault'
import { isLoopbackHost, type PlexEndpoints, resolvePlexEndpoints } from '../core/plex/endpoints'
import { parseCommandLine } from './args'
import type { CliEnvironment } from './cli-core'
import type { LoginHooks } from './commands/login'
import { EXIT, type ExitCode } from './exit-codes'
import { helpText } from './help'
import type { IdentityChoice } from './identity-choice'
import { type CliIo, printError, printFailure } from './output'

export interface CliDependencies {
  readonly io: CliIo
  readonly environment: CliEnvironment
  /** Made only for commands that use the keychain, so `--help` works where keytar cannot load. */
  readonly vault: () => CredentialVault
  readonly hooks: LoginHooks
}

/**
 * One line per override that points away from this machine. Such a host receives the token (or,
 * for the sign-in page, the client id) in place of plex.tv, so it is named on every command: an
 * override left in a shell profile, or set by someone else, is not silent.
 */
function overrideWarnings(env: Readonly<Record<string, string | undefined>>, endpoints: PlexEndpoints): string[] {
  const warnings: string[] = []
  const away = (base: string): string | null => {
    const host = new URL(base).hostname
    return isLoopbackHost(host) ? null : host
  }
  const apiHost = env['PLEXKEY_PLEX_URL'] ? away(endpoints.api) : null
  if (apiHost) warnings.push(`Warning: PLEXKEY_PLEX_URL is set, so your Plex token goes to ${apiHost} instead of plex.tv.`)
  const authHost = env['PLEXKEY_AUTH_URL'] ? away(endpoints.auth) : null
  if (authHost) warnings.push(`Warning: PLEXKEY_AUTH_URL is set, so the sign-in page comes from ${authHost} instead of app.plex.tv.`)
  return warnings
}

/**
 * Runs a command that uses a token with the vault as `--account` chose it for this call (see
 * identity-choice.ts); without `--account`, nothing more is loaded than the command itself.
 */
async function asChosen(deps: CliDependencies, choice: IdentityChoice, run: (vault: CredentialVault) => Promise<ExitCode | number>): Promise<ExitCode | number> {
  if (choice.account === null) return run(deps.vault())
  const { chosenVault } = await import('./identity-choice')
  const chosen = await chosenVault(deps.vault(), choice)
  return chosen.ok ? run(chosen.value) : printFailure(deps.io, chosen.error)
}

/** Runs one `plexkey` command line and returns its exit status. Never throws for bad input. */
// Each command is loaded only when it runs: scripts call `token` and `exec` often, and loading
// every command's code (QR codes, the sign-in machinery) would cost them most of their start-up.
export async function runCli(argv: readonly string[], deps: CliDependencies): Promise<ExitCode | number> {
  const { io, environment } = deps
  const parsed = parseCommandLine(argv)
  if (!parsed.ok) {
    printError(io, parsed.message)
    return EXIT.usage
  }
  const command = parsed.command
  if (command.kind !== 'help' && command.kind !== 'version') {
    // A bad PLEXKEY_PLEX_URL or PLEXKEY_AUTH_URL is a usage error whatever the saved state, and it
    // is found before the keychain or the config directory is touched.
    const endpoints = resolvePlexEndpoints(environment.env)
    if (!endpoints.ok) {
      printError(io, endpoints.error)
      return EXIT.usage
    }
    for (const warning of overrideWarnings(environment.env, endpoints.value)) printError(io, warning)
  }
  switch (command.kind) {
    case 'help':
      io.stdout.write(helpText(command.topic))
      return EXIT.ok
    case 'version':
      io.stdout.write(`plexkey ${environment.version}\n`)
      return EXIT.ok
    case 'login':
      return (await import('./commands/login')).runLogin(io, environment, deps.vault(), command, deps.hooks)
    case 'status':
      return asChosen(deps, command, async (vault) => (await import('./commands/status')).runStatus(io, environment, vault, command))
    case 'token':
      return asChosen(deps, command, async (vault) => (await import('./commands/token')).runToken(io, environment, vault, command))
    case 'logout':
      return (await import('./commands/logout')).runLogout(io, environment, deps.vault(), command)
    case 'accounts':
      return (await import('./commands/accounts')).runAccounts(io, environment, deps.vault(), command)
    case 'switch':
      return (await import('./commands/accounts')).runSwitch(io, deps.vault(), command)
    case 'servers':
      return asChosen(deps, command, async (vault) => (await import('./commands/servers')).runServers(io, environment, vault, command))
    case 'url':
      return asChosen(deps, command, async (vault) => (await import('./commands/url')).runUrl(io, environment, vault, command))
    case 'exec':
      return asChosen(deps, command, async (vault) => (await import('./commands/exec')).runExec(io, environment, vault, command))
    case 'devices':
      return (await import('./commands/devices')).runDevices(io, environment, deps.vault(), command)
    case 'devices-revoke':
      return (await import('./commands/devices')).runRevokeDevice(io, environment, deps.vault(), command)
    case 'users':
      return (await import('./commands/users')).runUsers(io, environment, deps.vault(), command)
    case 'tools':
      return (await import('./commands/tools')).runTools(io, environment, deps.vault(), command)
    case 'tools-revoke':
      return (await import('./commands/tools')).runRevokeTool(io, environment, deps.vault(), command)
    case 'user':
      return (await import('./commands/user')).runUser(io, environment, deps.vault(), command)
  }
}
