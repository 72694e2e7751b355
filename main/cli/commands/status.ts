import type { AccountView, AppError, StorageView } from '../../../preload/api'
import type { CredentialVault } from '../../core/account/credential-vault'
import { type CliEnvironment, openCliCore } from '../cli-core'
import { EXIT, type ExitCode, exitFor } from '../exit-codes'
import { accountJson, type CliIo, failureMessage, printError, printJson, printLine, storageText } from '../output'

/** The verdict `status` reports, one per exit status. */
type Verdict =
  | { readonly kind: 'signed-in'; readonly account: AccountView; readonly storage: StorageView; readonly clientId: string }
  | { readonly kind: 'unreachable'; readonly account: AccountView; readonly storage: StorageView; readonly clientId: string }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'token-rejected' }
  | { readonly kind: 'error'; readonly error: AppError }

const EXIT_OF: Readonly<Record<Exclude<Verdict['kind'], 'error'>, ExitCode>> = {
  'signed-in': EXIT.ok,
  'signed-out': EXIT.failure,
  'token-rejected': EXIT.tokenRejected,
  unreachable: EXIT.unreachable,
}

async function judge(environment: CliEnvironment, vault: CredentialVault): Promise<Verdict> {
  // Nothing stored: no need for plex.tv, nor for a client id on disk.
  const stored = await vault.loadActive()
  if (!stored.ok) return { kind: 'error', error: stored.error }
  if (!stored.value) return { kind: 'signed-out' }

  const core = await openCliCore(environment, vault)
  if (!core.ok) return { kind: 'error', error: core.error }
  const { service, identity } = core.value
  try {
    await service.restore()
    const state = service.getSnapshot().state
    switch (state.kind) {
      case 'signed-in':
        return {
          kind: state.health === 'ok' ? 'signed-in' : 'unreachable',
          account: state.account,
          storage: state.storage,
          clientId: identity.clientId,
        }
      case 'signed-out':
        return state.reason === 'token-rejected' ? { kind: 'token-rejected' } : { kind: 'signed-out' }
      case 'error':
        return { kind: 'error', error: state.error }
      default:
        return { kind: 'error', error: { code: 'unknown', message: `The sign-in state could not be settled (${state.kind}).`, retryable: true } }
    }
  } finally {
    service.dispose()
  }
}

function printText(io: CliIo, verdict: Exclude<Verdict, { kind: 'error' }>): void {
  switch (verdict.kind) {
    case 'signed-in':
    case 'unreachable': {
      const { account } = verdict
      const who = account.email ? `${account.username} (${account.email})` : account.username
      printLine(io, `Signed in to Plex as ${who}${account.hasPlexPass ? ', Plex Pass' : ''}.`)
      printLine(io, `Token kept in the ${storageText(verdict.storage)}.`)
      printLine(io, `Client id: ${verdict.clientId}`)
      printLine(
        io,
        verdict.kind === 'signed-in'
          ? 'plex.tv accepts the token.'
          : 'plex.tv could not be reached to check the token, so it was kept. Try again when you are online.',
      )
      return
    }
    case 'signed-out':
      return printLine(io, 'Not signed in to Plex. Run `plexkey login` to sign in.')
    case 'token-rejected':
      return printLine(io, 'plex.tv no longer accepts the saved sign-in, so it was removed from the keychain. Run `plexkey login` to sign in again.')
  }
}

/** `plexkey status [--json]`: exit 0 accepted, 1 not signed in, 2 rejected, 3 unreachable. */
export async function runStatus(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  options: { readonly json: boolean },
): Promise<ExitCode> {
  const verdict = await judge(environment, vault)
  if (verdict.kind === 'error') {
    printError(io, failureMessage(verdict.error))
    if (options.json) printJson(io, { status: 'error', error: { code: verdict.error.code, message: verdict.error.message } })
    return exitFor(verdict.error)
  }
  if (options.json) {
    printJson(io, {
      status: verdict.kind,
      ...('account' in verdict
        ? { account: accountJson(verdict.account), storage: verdict.storage, clientId: verdict.clientId }
        : {}),
    })
  } else {
    printText(io, verdict)
  }
  return EXIT_OF[verdict.kind]
}
