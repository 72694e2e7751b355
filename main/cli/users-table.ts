import type { PlexHomeUser } from '../core/plex/plex-types'
import { safeLabel } from '../core/servers/server-text'
import { alignRows, GAP, naturalWidth } from './text-table'

type Column = 'active' | 'name' | 'admin' | 'pin' | 'restricted'

const ORDER: readonly Column[] = ['active', 'name', 'admin', 'pin', 'restricted']

const HEADINGS: Readonly<Record<Column, string>> = { active: ' ', name: 'PROFILE', admin: 'ADMIN', pin: 'PIN', restricted: 'RESTRICTED' }

/** The widest a profile name is shown; --json has it whole. */
const NAME_COLUMNS = 40

/** The narrowest a name is cut to, however narrow the terminal: a few letters and the …. */
const NAME_FLOOR = 4

type Row = Readonly<Record<Column, string>>

const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no')

function rowOf(user: PlexHomeUser, activeUuid: string | null): Row {
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
 * each is the admin, needs a PIN, is restricted. The names are cut with … so every line fits
 * `columns` (a name never takes more than NAME_COLUMNS); the other columns are never cut.
 */
export function usersTable(users: readonly PlexHomeUser[], activeUuid: string | null, columns: number): string[] {
  const rows = [HEADINGS, ...users.map((user) => rowOf(user, activeUuid))]
  const fixed = ORDER.filter((column) => column !== 'name').reduce((sum, column) => sum + naturalWidth(rows, column) + GAP, 0)
  const name = Math.max(NAME_FLOOR, Math.min(naturalWidth(rows, 'name'), NAME_COLUMNS, columns - fixed))
  const widths = new Map(ORDER.map((column) => [column, column === 'name' ? name : naturalWidth(rows, column)]))
  return alignRows(rows, widths, true)
}
