import cliTruncate from 'cli-truncate'
import stringWidth from 'string-width'
import wrapAnsi from 'wrap-ansi'
import type { CliStream } from './output'

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

/** The width assumed where none is known: a pipe, a file, a terminal that does not say. */
export const DEFAULT_COLUMNS = 80

/**
 * The columns output may fill: the terminal's own width; else `COLUMNS`, as a shell exports it
 * and as other tools honour it for a pipe (`COLUMNS=120 plexkey servers | less`); else 80.
 */
export function outputColumns(stream: CliStream, env: Readonly<Record<string, string | undefined>>): number {
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return stream.columns
  const fromEnv = Number(env['COLUMNS'])
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_COLUMNS
}

/**
 * `text` cut to at most `columns` terminal columns, as a terminal draws them (a CJK character
 * takes two, a combining accent none), with `…` where it was cut. Whole code points only.
 */
export function fitColumns(text: string, columns: number): string {
  return cliTruncate(text, columns)
}

/**
 * `text` broken into lines of at most `columns` terminal columns at spaces, each line after the
 * first indented by `indent` spaces. A word too long for a line of its own is cut with `…`,
 * unless `whole` asks for it as it is.
 */
export function wrapColumns(text: string, columns: number, options: { readonly indent: number; readonly whole: boolean }): string[] {
  const lines: string[] = []
  let line = ''
  const margin = ' '.repeat(options.indent)
  for (const word of text.split(' ').filter(Boolean)) {
    const lead = lines.length === 0 ? '' : margin
    const joined = line === '' ? `${lead}${word}` : `${line} ${word}`
    if (stringWidth(joined) <= columns || line === '') {
      line = joined
    } else {
      lines.push(line)
      line = `${margin}${word}`
    }
    if (!options.whole && stringWidth(line) > columns) line = fitColumns(line, columns)
  }
  if (line !== '') lines.push(line)
  return lines
}
