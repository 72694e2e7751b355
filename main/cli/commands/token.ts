import type { CredentialVault } from '../../core/account/credential-vault'
import { isJwt, jwtExpiresAt, jwtRefreshDue } from '../../core/jwt/jwt-auth'
import { type CliEnvironment, openCliCore } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printFailure } from '../output'

/**
 * `plexkey token`: the token and a newline on stdout, nothing else, for scripts. It reads the
 * keychain only (no plex.tv request, no config file), except for a device-key sign-in whose Plex
 * JWT is due for renewal: that is renewed first, as the app would, so the token printed works.
 */
export async function runToken(io: CliIo, environment: CliEnvironment, vault: CredentialVault): Promise<ExitCode> {
  const loaded = await vault.loadActive()
  if (!loaded.ok) return printFailure(io, loaded.error)
  if (!loaded.value) {
    printError(io, 'Not signed in to Plex. Run `plexkey login` first.')
    return EXIT.failure
  }
  const token = loaded.value.token
  if (!isJwt(token) || !jwtRefreshDue(token, Date.now())) {
    io.stdout.write(`${token}\n`)
    return EXIT.ok
  }
  return renewAndPrint(io, environment, vault, token)
}

async function renewAndPrint(io: CliIo, environment: CliEnvironment, vault: CredentialVault, old: string): Promise<ExitCode> {
  const core = await openCliCore(environment, vault)
  if (!core.ok) return printFailure(io, core.error)
  const { service } = core.value
  try {
    // Verifies the saved Plex JWT, renews it (it is due) and checks the new one with plex.tv.
    await service.restore()
    const state = service.getSnapshot().state
    switch (state.kind) {
      case 'signed-in': {
        const now = await vault.loadActive()
        if (!now.ok) return printFailure(io, now.error)
        const token = now.value?.token ?? old
        if (state.health === 'unreachable') {
          // Not renewed: the old token is still worth printing while it lives.
          const expiresAt = jwtExpiresAt(token)
          if (expiresAt !== null && expiresAt <= Date.now()) {
            printError(io, 'The saved Plex token has expired, and plex.tv could not be reached to renew it. Try again later.')
            return EXIT.unreachable
          }
          printError(io, 'plex.tv could not be reached to renew the token; this one still works for now.')
        }
        io.stdout.write(`${token}\n`)
        return EXIT.ok
      }
      case 'signed-out':
        if (state.reason === 'token-rejected') {
          printError(io, 'plex.tv no longer accepts the saved sign-in, so it was removed. Run `plexkey login` to sign in again.')
          return EXIT.tokenRejected
        }
        printError(io, 'Not signed in to Plex. Run `plexkey login` first.')
        return EXIT.failure
      case 'error':
        return printFailure(io, state.error)
      default:
        printError(io, 'The saved sign-in could not be checked. Try again.')
        return EXIT.failure
    }
  } finally {
    service.dispose()
  }
}
