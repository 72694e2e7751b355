import type { CredentialVault } from '../core/account/credential-vault'
import { resolvePlexEndpoints } from '../core/plex/endpoints'
import { parseCommandLine } from './args'
import type { CliEnvironment } from './cli-core'
import { runLogin, type LoginHooks } from './commands/login'
import { runLogout } from './commands/logout'
import { runStatus } from './commands/status'
import { runToken } from './commands/token'
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

/** Runs one `plexkey` command line and returns its exit status. Never throws for bad input. */
export async function runCli(argv: readonly string[], deps: CliDependencies): Promise<ExitCode> {
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
  }
  switch (command.kind) {
    case 'help':
      io.stdout.write(helpText(command.topic))
      return EXIT.ok
    case 'version':
      io.stdout.write(`plexkey ${environment.version}\n`)
      return EXIT.ok
    case 'login':
      return runLogin(io, environment, deps.vault(), command, deps.hooks)
    case 'status':
      return runStatus(io, environment, deps.vault(), command)
    case 'token':
      return runToken(io, environment, deps.vault())
    case 'logout':
      return runLogout(io, environment, deps.vault())
  }
}
