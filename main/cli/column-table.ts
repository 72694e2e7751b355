import stringWidth from 'string-width'
import { fitColumns } from './terminal-fit'

/**
 * How a table of one item a line gives up width to fit a terminal. `order`: the columns, left to
 * right. `capped`: the widest a column is ever shown unless the table is wide (a name). `shrink`:
 * the cut columns, step by step, each down to a floor. `droppedFirst`: the columns that give way,
 * in this order, once the cut ones are as narrow as they may get.
 */
export interface TableShape<C extends string> {
  readonly headings: Readonly<Record<C, string>>
  readonly order: readonly C[]
  readonly capped: Readonly<Partial<Record<C, number>>>
  readonly shrink: readonly (readonly [C, number])[]
  readonly droppedFirst: readonly C[]
}

export type TableRow<C extends string> = Readonly<Record<C, string>>

const GAP = 2

function layout<C extends string>(shape: TableShape<C>, rows: readonly TableRow<C>[], columns: number): ReadonlyMap<C, number> {
  const natural = (column: C): number => Math.max(...rows.map((row) => stringWidth(row[column])))
  let shown: C[] = [...shape.order]
  for (;;) {
    const widths = new Map(shown.map((column) => [column, natural(column)]))
    let excess = [...widths.values()].reduce((sum, width) => sum + width, 0) + GAP * (widths.size - 1) - columns
    for (const [column, floor] of shape.shrink) {
      const width = widths.get(column) ?? 0
      const given = Math.max(0, Math.min(excess, width - floor))
      widths.set(column, width - given)
      excess -= given
    }
    const dropped = shape.droppedFirst.find((column) => shown.includes(column))
    if (excess <= 0 || dropped === undefined) return widths
    shown = shown.filter((column) => column !== dropped)
  }
}

/**
 * The rows under their headings, the columns lined up as a terminal draws them (a CJK character
 * takes two columns) and fit to `columns` as the shape says; null: wide, every cell whole. Cells
 * are shown as they are: escape untrusted text before it gets here.
 */
export function columnTable<C extends string>(shape: TableShape<C>, rows: readonly TableRow<C>[], columns: number | null): string[] {
  const capped = (row: TableRow<C>): TableRow<C> => {
    if (columns === null) return row
    const out: Record<C, string> = { ...row }
    for (const column of shape.order) {
      const cap = shape.capped[column]
      if (cap !== undefined) out[column] = fitColumns(row[column], cap)
    }
    return out
  }
  const all = [shape.headings, ...rows].map(capped)
  const widths = layout(shape, all, columns ?? Number.POSITIVE_INFINITY)
  return all.map((row) =>
    [...widths]
      .map(([column, width]) => {
        const cell = columns === null ? row[column] : fitColumns(row[column], width)
        return cell + ' '.repeat(Math.max(0, width - stringWidth(cell)))
      })
      .join(' '.repeat(GAP))
      .trimEnd(),
  )
}
