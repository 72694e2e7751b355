import type { PlexHomeUser } from '../core/plex/plex-types'
import { safeLabel } from '../core/servers/server-text'
import { columnTable, type TableRow, type TableShape } from './column-table'

type Column = 'active' | 'name' | 'admin' | 'pin' | 'restricted'

/**
 * A profile name is shown at most 40 columns wide (--json has it whole) and gives way down to a few
 * letters and the … on a narrow terminal; the yes/no columns are never cut.
 */
const SHAPE: TableShape<Column> = {
  headings: { active: ' ', name: 'PROFILE', admin: 'ADMIN', pin: 'PIN', restricted: 'RESTRICTED' },
  order: ['active', 'name', 'admin', 'pin', 'restricted'],
  capped: { name: 40 },
  shrink: [['name', 4]],
  droppedFirst: [],
}

const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no')

function rowOf(user: PlexHomeUser, activeUuid: string | null): TableRow<Column> {
  return {
    active: user.uuid === activeUuid ? '*' : '',
    name: safeLabel(user.title),
    admin: yesNo(user.admin),
    pin: yesNo(user.protected),
    restricted: yesNo(user.restricted),
  }
}

/**
 * `plexkey users` for a person: one Home profile a line, `*` before the one in use, and whether
 * each is the admin, needs a PIN, is restricted, fit to `columns`.
 */
export function usersTable(users: readonly PlexHomeUser[], activeUuid: string | null, columns: number): string[] {
  return columnTable(SHAPE, users.map((user) => rowOf(user, activeUuid)), columns)
}
