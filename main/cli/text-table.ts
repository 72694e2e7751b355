import stringWidth from 'string-width'
import { fitColumns } from './terminal-fit'

/** The spaces between two columns of a table. */
export const GAP = 2

/** The widest cell of a column, as a terminal draws it (a CJK character takes two columns). */
export function naturalWidth<C extends string>(rows: readonly Readonly<Record<C, string>>[], column: C): number {
  return Math.max(...rows.map((row) => stringWidth(row[column])))
}

/**
 * Rows as lines of a table: each cell in its column's width (cut with … when `cut`, padded as a
 * terminal draws it), the columns in the order `widths` lists them, no trailing spaces.
 */
export function alignRows<C extends string>(rows: readonly Readonly<Record<C, string>>[], widths: ReadonlyMap<C, number>, cut: boolean): string[] {
  return rows.map((row) =>
    [...widths]
      .map(([column, width]) => {
        const cell = cut ? fitColumns(row[column], width) : row[column]
        return cell + ' '.repeat(Math.max(0, width - stringWidth(cell)))
      })
      .join(' '.repeat(GAP))
      .trimEnd(),
  )
}
