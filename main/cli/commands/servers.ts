import stringWidth from 'string-width'
import type { CredentialVault } from '../../core/account/credential-vault'
import { probeServers } from '../../core/servers/probe-servers'
import type { ServerView } from '../../core/servers/server-state'
import { safeLabel, unavailableSentence, unencryptedWarning } from '../../core/servers/server-text'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printJson, printLine } from '../output'
import { ALLOW_INSECURE_HINT, loadServers, probeOptions } from '../server-lookup'

/** One server as `--json` prints it: never a token. */
function serverJson(view: ServerView): Readonly<Record<string, unknown>> {
  const base = { name: view.name, clientIdentifier: view.clientIdentifier, owned: view.owned, state: view.state.kind }
  if (view.state.kind === 'online') {
    const { address, rttMs } = view.state
    return { ...base, url: address.uri, connection: address.kind, encrypted: address.encrypted, rttMs }
  }
  return { ...base, tried: view.state.tried }
}

function columnsOf(view: ServerView): readonly string[] {
  const owner = view.owned ? 'owned' : 'shared'
  if (view.state.kind !== 'online') return [safeLabel(view.name), owner, view.state.kind, '', '', '']
  const { address, rttMs } = view.state
  return [safeLabel(view.name), owner, 'online', address.kind, address.uri, `${rttMs} ms`]
}

/** The widest a name may be in the table, in terminal columns; --json has it whole. */
const NAME_COLUMNS = 40

/** `text` cut to at most `columns` terminal columns, with an ellipsis where it was cut. */
function fitTo(text: string, columns: number): string {
  if (stringWidth(text) <= columns) return text
  let fitted = ''
  for (const char of text) {
    if (stringWidth(`${fitted}${char}…`) > columns) break
    fitted += char
  }
  return `${fitted}…`
}

/**
 * A table a person reads: one server a line, columns padded to the widest entry as a terminal
 * draws it (a CJK character takes two columns, a combining accent none), the names bounded.
 */
function printTable(io: CliIo, views: readonly ServerView[]): void {
  const rows = [['SERVER', 'OWNER', 'STATE', 'VIA', 'ADDRESS', 'TIME'], ...views.map(columnsOf)].map((row) =>
    row.map((cell, column) => (column === 0 ? fitTo(cell, NAME_COLUMNS) : cell)),
  )
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => stringWidth(row[column] ?? '')))) ?? []
  for (const row of rows) {
    printLine(io, row.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - stringWidth(cell))).join('  ').trimEnd())
  }
}

/**
 * `plexkey servers [--json]`: every Media Server of the account, each probed for its best address
 * at once (see chooseConnection). Exit 0 whenever the list could be read, whatever each server's state.
 */
export async function runServers(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'servers' }>,
): Promise<ExitCode> {
  const servers = await loadServers(io, environment, vault)
  if (!servers.ok) return servers.exit
  const views = await probeServers(servers.servers, probeOptions(environment, command.allowInsecure))
  if (command.json) for (const view of views) printJson(io, serverJson(view))
  else if (views.length === 0) printLine(io, 'The account has no Plex Media Servers.')
  else printTable(io, views)
  printUnencrypted(io, views)
  return EXIT.ok
}

/** On stderr, beside the list: each server used over plain http, and each that answers only so. */
function printUnencrypted(io: CliIo, views: readonly ServerView[]): void {
  for (const view of views) {
    const { state } = view
    if (state.kind === 'online' && !state.address.encrypted) printError(io, unencryptedWarning(view.name, state.address.uri))
    if (state.kind === 'unencrypted-only') printError(io, unavailableSentence(view.name, state, view.owned, ALLOW_INSECURE_HINT))
  }
}
