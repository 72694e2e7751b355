import cliTruncate from 'cli-truncate'
import stringWidth from 'string-width'
import wrapAnsi from 'wrap-ansi'

/** The size a terminal stream reports; 80×24 where it says nothing, as log-update assumes. */
export function terminalSize(stream: { readonly columns?: number; readonly rows?: number }): { columns: number; rows: number } {
  const positive = (value: number | undefined, fallback: number): number => (value !== undefined && value > 0 ? value : fallback)
  return { columns: positive(stream.columns, 80), rows: positive(stream.rows, 24) }
}

/**
 * The first of `variants` (longest and clearest first) that fits in one row of `columns`, as a
 * terminal draws it; the last one cut with `…` when none does. For a line redrawn in place: one
 * that wrapped would leave a row behind at every redraw.
 */
export function fitOneRow(variants: readonly [string, ...string[]], columns: number): string {
  const fitting = variants.find((variant) => stringWidth(variant) <= columns)
  return fitting ?? cliTruncate(variants[variants.length - 1] ?? '', columns)
}

/**
 * `text` broken at spaces into rows of at most `columns` (a word longer than a row is cut across
 * rows); a line that fits is kept as it is, its indentation too.
 */
export function wrapToRows(text: string, columns: number): string[] {
  return stringWidth(text) <= columns ? [text] : wrapAnsi(text, columns, { hard: true }).split('\n')
}

/** How many rows `text` takes once a terminal of `columns` wraps it: what erasing it must take back. */
export function rowsOf(text: string, columns: number): number {
  return Math.max(1, Math.ceil(stringWidth(text) / columns))
}
