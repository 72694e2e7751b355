import type { CredentialVault } from '../core/account/credential-vault'
import { isLoopbackHost, type PlexEndpoints, resolvePlexEndpoints } from '../core/plex/endpoints'
import { parseCommandLine } from './args'
import type { CliEnvironment } from './cli-core'
import type { LoginHooks } from './commands/login'
import { EXIT, type ExitCode } from './exit-codes'
import { helpText } from './help'
import { type CliIo, printError } from './output'

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
      return (await import('./commands/status')).runStatus(io, environment, deps.vault(), command)
    case 'token':
      return (await import('./commands/token')).runToken(io, environment, deps.vault(), command)
    case 'logout':
      return (await import('./commands/logout')).runLogout(io, environment, deps.vault())
    case 'servers':
      return (await import('./commands/servers')).runServers(io, environment, deps.vault(), command)
    case 'url':
      return (await import('./commands/url')).runUrl(io, environment, deps.vault(), command)
    case 'exec':
      return (await import('./commands/exec')).runExec(io, environment, deps.vault(), command)
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
