import type { ServerView } from '../core/servers/server-state'
import { safeLabel, unavailableSentence } from '../core/servers/server-text'
import { ALLOW_INSECURE_HINT } from './server-lookup'
import { fitColumns, wrapColumns } from './terminal-fit'
import { alignRows, GAP, naturalWidth } from './text-table'

type Column = 'name' | 'owner' | 'state' | 'via' | 'address' | 'time'

const HEADINGS: Readonly<Record<Column, string>> = {
  name: 'SERVER',
  owner: 'OWNER',
  state: 'STATE',
  via: 'VIA',
  address: 'ADDRESS',
  time: 'TIME',
}

/** The widest a name is shown in the table, unless --wide; --json has it whole. */
const NAME_COLUMNS = 40

/**
 * How the cut columns give up width, step by step: a name first down to 16 columns (an address is
 * what a person copies), then an address down to 15, then a name down to 8; past that, whole
 * columns give way instead.
 */
const SHRINK_STEPS: readonly (readonly ['name' | 'address', number])[] = [
  ['name', 16],
  ['address', 15],
  ['name', 8],
]

/** The columns that give way, in this order, when the cut ones are as narrow as they may get. */
const DROPPED_FIRST: readonly Column[] = ['time', 'via', 'owner']

type Row = Readonly<Record<Column, string>>

function rowOf(view: ServerView): Row {
  const owner = view.owned ? 'owned' : 'shared'
  const name = safeLabel(view.name)
  if (view.state.kind !== 'online') return { name, owner, state: view.state.kind, via: '', address: '', time: '' }
  const { address, rttMs } = view.state
  return { name, owner, state: 'online', via: address.kind, address: address.uri, time: `${rttMs} ms` }
}

/**
 * The width of each shown column within `columns`: the cut columns (name, address) shrink as
 * SHRINK_STEPS says; then columns give way (time, via, owner) until the rest fits. A terminal
 * narrower than the narrowest table gets that one, its lines wrapped.
 */
function layout(rows: readonly Row[], columns: number): ReadonlyMap<Column, number> {
  const natural = (column: Column): number => naturalWidth(rows, column)
  let shown: Column[] = ['name', 'owner', 'state', 'via', 'address', 'time']
  for (;;) {
    const widths = new Map(shown.map((column) => [column, natural(column)]))
    let excess = [...widths.values()].reduce((sum, width) => sum + width, 0) + GAP * (widths.size - 1) - columns
    for (const [column, floor] of SHRINK_STEPS) {
      const width = widths.get(column) ?? 0
      const given = Math.max(0, Math.min(excess, width - floor))
      widths.set(column, width - given)
      excess -= given
    }
    const dropped = DROPPED_FIRST.find((column) => shown.includes(column))
    if (excess <= 0 || dropped === undefined) return widths
    shown = shown.filter((column) => column !== dropped)
  }
}

/**
 * `plexkey servers` for a person: one server a line, the columns lined up as a terminal draws
 * them and fit to `columns` (null: --wide, every name and address whole), then why each server
 * that cannot be used is so, in the sentence `plexkey url` gives, wrapped to the same width.
 */
export function serverTable(views: readonly ServerView[], columns: number | null): string[] {
  const rows = [HEADINGS, ...views.map(rowOf)].map((row) => (columns === null ? row : { ...row, name: fitColumns(row.name, NAME_COLUMNS) }))
  const widths = layout(rows, columns ?? Number.POSITIVE_INFINITY)
  const lines = alignRows(rows, widths, columns !== null)
  const reasons = views.flatMap((view) =>
    view.state.kind === 'online'
      ? []
      : wrapColumns(unavailableSentence(view.name, view.state, view.owned, ALLOW_INSECURE_HINT), columns ?? Number.POSITIVE_INFINITY, { indent: 2, whole: columns === null }),
  )
  return reasons.length === 0 ? lines : [...lines, '', ...reasons]
}
