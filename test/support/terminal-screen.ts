/**
 * What a terminal shows after some output: a small emulator of the few controls the CLI writes
 * (carriage return, line feed, erase line `CSI 2K`, cursor to a previous line `CSI n F`, erase to
 * the end of the screen `CSI J`). Colours (`CSI … m`) are dropped. Any other escape is an error, so
 * a test notices when the CLI starts writing one it does not cover. The screen never scrolls away:
 * every row written stays, as in a terminal tall enough for the whole sign-in.
 */
export function screenOf(output: string): string[] {
  const rows: string[] = ['']
  let row = 0
  let col = 0
  const put = (text: string): void => {
    const current = rows[row] ?? ''
    rows[row] = current.padEnd(col).slice(0, col) + text + current.slice(col + text.length)
    col += text.length
  }
  const pattern = /\x1b\[([0-9;]*)([A-Za-z])|\r|\n|[^\x1b\r\n]+/g
  for (const match of output.matchAll(pattern)) {
    const [token, params, command] = match
    if (token === '\r') col = 0
    else if (token === '\n') {
      // A terminal's line discipline turns a line feed into CR LF by default (onlcr).
      row += 1
      col = 0
      rows[row] ??= ''
    } else if (command === undefined) put(token)
    else if (command === 'm') continue
    else if (command === 'K' && params === '2') rows[row] = ''
    else if (command === 'F') {
      row = Math.max(0, row - Number(params || '1'))
      col = 0
    } else if (command === 'J' && params === '') {
      rows.splice(row + 1)
      rows[row] = (rows[row] ?? '').slice(0, col)
    } else throw new Error(`an escape the emulator does not know: ${JSON.stringify(token)}`)
  }
  if (output.replace(pattern, '') !== '') throw new Error('output the emulator could not read')
  return rows
}
