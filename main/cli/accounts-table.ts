import { type KeptAccount, titleOf } from '../core/account/kept-accounts'
import { safeLabel } from '../core/servers/server-text'
import { columnTable, type TableRow, type TableShape } from './column-table'

type Column = 'active' | 'title' | 'username' | 'uuid'

/**
 * A title is shown at most 40 columns wide (--json has it whole) and gives way first on a narrow
 * terminal, then the username; the uuid, which `switch` and `--account` take, is never cut.
 */
const SHAPE: TableShape<Column> = {
  headings: { active: ' ', title: 'ACCOUNT', username: 'USERNAME', uuid: 'UUID' },
  order: ['active', 'title', 'username', 'uuid'],
  capped: { title: 40, username: 32 },
  shrink: [
    ['title', 4],
    ['username', 4],
  ],
  droppedFirst: [],
}

function rowOf(account: KeptAccount): TableRow<Column> {
  const { credential } = account
  return {
    active: account.active ? '*' : '',
    // Untrusted text from plex.tv or the keychain: shown without controls, as profile names are.
    title: safeLabel(titleOf(credential)),
    username: safeLabel(credential.username),
    uuid: credential.accountKey,
  }
}

/** `plexkey accounts` for a person: one account a line, most recently used first, `*` before the active one. */
export function accountsTable(accounts: readonly KeptAccount[], columns: number): string[] {
  return columnTable(SHAPE, accounts.map(rowOf), columns)
}
