import type { CredentialVault } from '../core/account/credential-vault'
import { isJwt, jwtExpiresAt, jwtRefreshDue } from '../core/jwt/jwt-expiry'
import type { CliEnvironment } from './cli-core'
import { EXIT, type ExitCode } from './exit-codes'
import { type CliIo, printError, printFailure } from './output'

/** The account token to use now and the account's uuid, or the exit status after the reason was printed. */
export type AccountToken = { readonly ok: true; readonly token: string; readonly accountKey: string } | { readonly ok: false; readonly exit: ExitCode }

/**
 * The saved account token. It reads the keychain only (no plex.tv request, no config file), except
 * for a device-key sign-in whose Plex JWT is due for renewal: that is renewed first, as the app
 * would, so the token handed out works.
 */
export async function accountToken(io: CliIo, environment: CliEnvironment, vault: CredentialVault): Promise<AccountToken> {
  const loaded = await vault.loadActive()
  if (!loaded.ok) return { ok: false, exit: printFailure(io, loaded.error) }
  if (!loaded.value) {
    printError(io, 'Not signed in to Plex. Run `plexkey login` first.')
    return { ok: false, exit: EXIT.failure }
  }
  const { token, accountKey } = loaded.value
  if (!isJwt(token) || !jwtRefreshDue(token, Date.now())) return { ok: true, token, accountKey }
  return renew(io, environment, vault, token, accountKey)
}

async function renew(io: CliIo, environment: CliEnvironment, vault: CredentialVault, old: string, oldKey: string): Promise<AccountToken> {
  const failed = (exit: ExitCode): AccountToken => ({ ok: false, exit })
  // The sign-in core is loaded only when a renewal is due: most calls need the keychain alone.
  const { openCliCore } = await import('./cli-core')
  const core = await openCliCore(environment, vault)
  if (!core.ok) return failed(printFailure(io, core.error))
  const { service } = core.value
  try {
    // Verifies the saved Plex JWT, renews it (it is due) and checks the new one with plex.tv.
    await service.restore()
    const state = service.getSnapshot().state
    switch (state.kind) {
      case 'signed-in': {
        const now = await vault.loadActive()
        if (!now.ok) return failed(printFailure(io, now.error))
        const token = now.value?.token ?? old
        const accountKey = now.value?.accountKey ?? oldKey
        if (state.health === 'unreachable') {
          // Not renewed: the old token is still worth handing out while it lives.
          const expiresAt = jwtExpiresAt(token)
          if (expiresAt !== null && expiresAt <= Date.now()) {
            printError(io, 'The saved Plex token has expired, and plex.tv could not be reached to renew it. Try again later.')
            return failed(EXIT.unreachable)
          }
          printError(io, 'plex.tv could not be reached to renew the token; this one still works for now.')
        }
        return { ok: true, token, accountKey }
      }
      case 'signed-out':
        if (state.reason === 'token-rejected') {
          printError(io, 'plex.tv no longer accepts the saved sign-in, so it was removed. Run `plexkey login` to sign in again.')
          return failed(EXIT.tokenRejected)
        }
        printError(io, 'Not signed in to Plex. Run `plexkey login` first.')
        return failed(EXIT.failure)
      case 'error':
        return failed(printFailure(io, state.error))
      default:
        printError(io, 'The saved sign-in could not be checked. Try again.')
        return failed(EXIT.failure)
    }
  } finally {
    service.dispose()
  }
}
