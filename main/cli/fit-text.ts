import stringWidth from 'string-width'
import type { CliStream } from './output'

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
  if (stringWidth(text) <= columns) return text
  let fitted = ''
  for (const char of text) {
    if (stringWidth(`${fitted}${char}…`) > columns) break
    fitted += char
  }
  return `${fitted}…`
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
