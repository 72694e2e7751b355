export interface ScreenSize {
  /** Columns: a row is full at this width and the next character goes to the next row (autowrap). Default: unbounded. */
  readonly columns?: number
  /** Rows: a line feed on the bottom row scrolls the top row away, and the cursor cannot go above the top. Default: unbounded. */
  readonly rows?: number
}

/**
 * What a terminal shows after some output: a small emulator of the controls the CLI writes, with
 * the wrapping and scrolling of a real terminal when given its size. It knows carriage return,
 * line feed (as CR LF, the tty's default `onlcr`), erase line (`CSI 2K`, `CSI K`), cursor up and
 * down (`CSI n A`, `CSI n B`), to a previous line (`CSI n F`), to a column (`CSI n G`), and erase
 * to the end of the screen (`CSI J`). Colours (`CSI … m`) and private modes (`CSI ? … h/l`:
 * cursor visibility, synchronized output) change nothing drawn. Any other escape is an error, so
 * a test notices when the CLI starts writing one it does not cover.
 *
 * Like xterm, a character written in the last column leaves the cursor there, and only the next
 * printable character wraps; a carriage return or line feed in between does not add a row.
 * Returns the rows on the screen (with `rows`, the last screenful; without, every row written) down
 * to the cursor's or the last that is not blank.
 */
export function screenOf(output: string, size: ScreenSize = {}): string[] {
  const columns = size.columns ?? Number.POSITIVE_INFINITY
  const height = size.rows ?? Number.POSITIVE_INFINITY
  const lines: string[] = ['']
  /** The first row on the screen: the ones above it have scrolled away. */
  let top = 0
  let row = 0
  let col = 0
  const lineFeed = (): void => {
    row += 1
    lines[row] ??= ''
    if (row - top >= height) top = row - height + 1
  }
  const put = (char: string): void => {
    if (col >= columns) {
      lineFeed()
      col = 0
    }
    const current = lines[row] ?? ''
    const chars = [...current]
    while (chars.length < col) chars.push(' ')
    chars[col] = char
    lines[row] = chars.join('')
    col += 1
  }
  const eraseFrom = (at: number): void => {
    lines[row] = [...(lines[row] ?? '')].slice(0, at).join('')
  }
  const pattern = /\x1b\[(\??)([0-9;]*)([A-Za-z])|\r|\n|[^\x1b\r\n]/gu
  for (const match of output.matchAll(pattern)) {
    const [token, privateMode, params, command] = match
    const count = Number(params || '1')
    if (token === '\r') col = 0
    else if (token === '\n') {
      lineFeed()
      col = 0
    } else if (command === undefined) put(token)
    else if (command === 'm' || (privateMode === '?' && (command === 'h' || command === 'l'))) continue
    else if (command === 'K' && params === '2') lines[row] = ''
    else if (command === 'K' && params === '') eraseFrom(col)
    else if (command === 'A' || command === 'F') {
      row = Math.max(top, row - count)
      if (command === 'F') col = 0
      else col = Math.min(col, columns - 1)
    } else if (command === 'B') {
      for (let i = 0; i < count && row - top < height - 1; i += 1) {
        row += 1
        lines[row] ??= ''
      }
    } else if (command === 'G') col = count - 1
    else if (command === 'J' && params === '') {
      lines.splice(row + 1)
      eraseFrom(col)
    } else throw new Error(`an escape the emulator does not know: ${JSON.stringify(token)}`)
  }
  if (output.replace(pattern, '') !== '') throw new Error('output the emulator could not read')
  // Blank rows below the cursor (a block that shrank leaves them) look as if never written.
  let last = lines.length - 1
  while (last > row && lines[last] === '') last -= 1
  return lines.slice(top, last + 1)
}
