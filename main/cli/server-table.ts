import type { ServerView } from '../core/servers/server-state'
import { safeLabel, unavailableSentence } from '../core/servers/server-text'
import { ALLOW_INSECURE_HINT } from './server-lookup'
import { columnTable, type TableRow, type TableShape } from './column-table'
import { wrapColumns } from './terminal-fit'

type Column = 'name' | 'owner' | 'state' | 'via' | 'address' | 'time'

/**
 * A name is shown at most 40 columns wide, unless --wide (--json has it whole). When the terminal
 * is narrow, a name gives way first down to 16 columns (an address is what a person copies), then
 * an address down to 15, then a name down to 8; past that, time, via and owner give way.
 */
const SHAPE: TableShape<Column> = {
  headings: { name: 'SERVER', owner: 'OWNER', state: 'STATE', via: 'VIA', address: 'ADDRESS', time: 'TIME' },
  order: ['name', 'owner', 'state', 'via', 'address', 'time'],
  capped: { name: 40 },
  shrink: [
    ['name', 16],
    ['address', 15],
    ['name', 8],
  ],
  droppedFirst: ['time', 'via', 'owner'],
}

function rowOf(view: ServerView): TableRow<Column> {
  const owner = view.owned ? 'owned' : 'shared'
  const name = safeLabel(view.name)
  if (view.state.kind !== 'online') return { name, owner, state: view.state.kind, via: '', address: '', time: '' }
  const { address, rttMs } = view.state
  return { name, owner, state: 'online', via: address.kind, address: address.uri, time: `${rttMs} ms` }
}

/**
 * `plexkey servers` for a person: one server a line, the columns lined up as a terminal draws
 * them and fit to `columns` (null: --wide, every name and address whole), then why each server
 * that cannot be used is so, in the sentence `plexkey url` gives, wrapped to the same width.
 */
export function serverTable(views: readonly ServerView[], columns: number | null): string[] {
  const lines = columnTable(SHAPE, views.map(rowOf), columns)
  const reasons = views.flatMap((view) =>
    view.state.kind === 'online'
      ? []
      : wrapColumns(unavailableSentence(view.name, view.state, view.owned, ALLOW_INSECURE_HINT), columns ?? Number.POSITIVE_INFINITY, { indent: 2, whole: columns === null }),
  )
  return reasons.length === 0 ? lines : [...lines, '', ...reasons]
}
