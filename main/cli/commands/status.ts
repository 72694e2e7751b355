import type { AccountView, AppError, StorageView } from '../../../preload/api'
import type { CredentialVault } from '../../core/account/credential-vault'
import { isJwt, jwtExpiresAt, jwtIssuedAt } from '../../core/jwt/jwt-expiry'
import { safeLabel } from '../../core/servers/server-text'
import { escapeControls } from '../../core/text/control-chars'
import type { ProfileChoice } from '../args'
import { type CliEnvironment, openCliCore } from '../cli-core'
import { EXIT, type ExitCode, exitFor } from '../exit-codes'
import { localTime } from '../local-time'
import { fitColumns, outputColumns } from '../terminal-fit'
import { accountJson, type CliIo, failureMessage, printError, printJson, printLine } from '../output'

/** The kind of the saved token: a long-lived legacy one, or a Plex JWT with its last renewal and expiry. */
type TokenKind =
  | { readonly kind: 'legacy' }
  | { readonly kind: 'jwt'; readonly renewedAt: number | null; readonly expiresAt: number | null }

/** The Home profile in use, when it is not the account's own. */
interface ProfileInUse {
  readonly uuid: string
  readonly title: string
}

interface SignedIn {
  readonly account: AccountView
  /** Absent or null: the account's own. */
  readonly profile?: ProfileInUse | null
  readonly storage: StorageView
  readonly clientId: string
  readonly token: TokenKind
}

/** The verdict `status` reports, one per exit status. */
type Verdict =
  | ({ readonly kind: 'signed-in' } & SignedIn)
  | ({ readonly kind: 'unreachable' } & SignedIn)
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'token-rejected' }
  | { readonly kind: 'error'; readonly error: AppError }

const EXIT_OF: Readonly<Record<Exclude<Verdict['kind'], 'error'>, ExitCode>> = {
  'signed-in': EXIT.ok,
  'signed-out': EXIT.failure,
  'token-rejected': EXIT.tokenRejected,
  unreachable: EXIT.unreachable,
}

/** The widest a line of `status` gets: an 80-column terminal, or a narrower one. */
const MAX_COLUMNS = 80

function tokenKindOf(token: string): TokenKind {
  return isJwt(token) ? { kind: 'jwt', renewedAt: jwtIssuedAt(token), expiresAt: jwtExpiresAt(token) } : { kind: 'legacy' }
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
      case 'signed-in': {
        // Read again: restoring may have renewed a Plex JWT, and the new one is the one to describe.
        const now = await vault.loadActive()
        const token = now.ok && now.value ? now.value.token : stored.value.token
        return {
          kind: state.health === 'ok' ? 'signed-in' : 'unreachable',
          account: state.account,
          storage: state.storage,
          clientId: identity.clientId,
          token: tokenKindOf(token),
        }
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

function tokenText(token: TokenKind): string {
  if (token.kind === 'legacy') return 'legacy (long-lived, until revoked)'
  const renewed = token.renewedAt === null ? 'Plex JWT' : `Plex JWT, renewed ${localTime(token.renewedAt)}`
  return token.expiresAt === null ? renewed : `${renewed}, expires ${localTime(token.expiresAt)}`
}

/**
 * The answer first ("Signed in to Plex as … — plex.tv accepts the token"), then the kind of
 * token, where it is kept, the account and the client id: one fact a line, each label-aligned and
 * cut to the width with `…`. Names come from plex.tv, so they are escaped before they are measured.
 */
function signedInLines(verdict: Extract<Verdict, { kind: 'signed-in' | 'unreachable' }>, columns: number): string[] {
  const { account, storage, profile } = verdict
  const name = escapeControls(account.username)
  const answer = verdict.kind === 'signed-in' ? ' — plex.tv accepts the token.' : ' — not checked: plex.tv could not be reached.'
  const lead = 'Signed in to Plex as '
  const first = `${lead}${fitColumns(name, Math.max(12, columns - lead.length - answer.length))}${answer}`
  const labelled = (label: string, value: string): string => fitColumns(`${label.padEnd(11)}${escapeControls(value)}`, columns)
  const details = [account.email, account.hasPlexPass ? 'Plex Pass' : null].filter((part) => part !== null)
  return [
    fitColumns(first, columns),
    ...(verdict.kind === 'unreachable' ? ['The token was kept. Run `plexkey status` again once you are online.'] : []),
    ...(profile ? [labelled('Profile:', `${safeLabel(profile.title)} (a Home user of this account)`)] : []),
    labelled('Token:', tokenText(verdict.token)),
    labelled('Kept in:', `${storage.name}, service "${storage.service}",`),
    labelled('', `account "${storage.account}"`),
    ...(details.length > 0 ? [labelled('Account:', details.join(', '))] : []),
    labelled('Client id:', verdict.clientId),
  ]
}

function printText(io: CliIo, verdict: Exclude<Verdict, { kind: 'error' }>, columns: number): void {
  switch (verdict.kind) {
    case 'signed-in':
    case 'unreachable':
      for (const line of signedInLines(verdict, columns)) printLine(io, line)
      return
    case 'signed-out':
      return printLine(io, 'Not signed in to Plex. Run `plexkey login` to sign in.')
    case 'token-rejected':
      printLine(io, 'plex.tv no longer accepts the saved sign-in, so it was removed from the keychain.')
      return printLine(io, 'Run `plexkey login` to sign in again.')
  }
}

/** The token's kind as `--json` gives it: dates as ISO 8601, never the token. */
function tokenJson(token: TokenKind): Readonly<Record<string, unknown>> {
  if (token.kind === 'legacy') return { kind: 'legacy' }
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())
  return { kind: 'jwt', renewedAt: iso(token.renewedAt), expiresAt: iso(token.expiresAt) }
}

/** `plexkey status [--json]`: exit 0 accepted, 1 not signed in, 2 rejected, 3 unreachable. */
export async function runStatus(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  options: { readonly json: boolean; readonly profile: ProfileChoice },
): Promise<ExitCode> {
  let verdict = await judge(environment, vault)
  if (verdict.kind === 'signed-in' || verdict.kind === 'unreachable') {
    // Named once the sign-in itself is known good; a --user profile may need its PIN here.
    const { namedProfile } = await import('../profile-access')
    const named = await namedProfile(io, environment, vault, options.profile)
    if (!named.ok) return named.exit
    verdict = { ...verdict, profile: named.profile }
  }
  if (verdict.kind === 'error') {
    printError(io, failureMessage(verdict.error))
    if (options.json) printJson(io, { status: 'error', error: { code: verdict.error.code, message: verdict.error.message } })
    return exitFor(verdict.error)
  }
  if (options.json) {
    printJson(io, {
      status: verdict.kind,
      ...('account' in verdict
        ? {
            account: accountJson(verdict.account),
            profile: verdict.profile ?? null,
            token: tokenJson(verdict.token),
            storage: verdict.storage,
            clientId: verdict.clientId,
          }
        : {}),
    })
  } else {
    printText(io, verdict, Math.min(MAX_COLUMNS, outputColumns(io.stdout, environment.env)))
  }
  return EXIT_OF[verdict.kind]
}
