import { create } from 'qrcode'

/**
 * The light border the QR specification asks for around the symbol, in modules. qrcode's own
 * terminal renderer draws only one, which many phone cameras will not read against a dark terminal.
 */
export const QUIET_ZONE = 4

// Dark modules in black on white, whatever the terminal's theme: a camera needs dark on light, and
// the 256-colour cube's black and white (16, 231) are not remapped by themes as the 16 base colours are.
const DARK_ON_LIGHT = '\x1b[38;5;16;48;5;231m'
const RESET = '\x1b[0m'

/** Each cell is two modules, one above the other: [top dark][bottom dark]. */
const HALF_BLOCKS = [
  [' ', '▄'],
  ['▀', '█'],
] as const

/**
 * A QR code for `payload` as terminal lines, two module rows per line with half-block characters,
 * inside a 4-module quiet zone. Each line sets and resets its own colours, so nothing leaks into
 * what is written after it.
 *
 * Error correction level L: a screen does not smudge or tear as paper does, and the smaller symbol
 * (25 modules instead of 29 for a plex.tv/link address) keeps the whole code block, QR code and
 * countdown within a 24-row terminal, where it can be redrawn in place.
 */
export function terminalQr(payload: string): readonly string[] {
  const { modules } = create(payload, { errorCorrectionLevel: 'L' })
  const extent = modules.size + 2 * QUIET_ZONE
  const dark = (row: number, col: number): 0 | 1 => {
    const r = row - QUIET_ZONE
    const c = col - QUIET_ZONE
    const inside = r >= 0 && r < modules.size && c >= 0 && c < modules.size
    return inside && modules.get(r, c) ? 1 : 0
  }
  const lines: string[] = []
  for (let row = 0; row < extent; row += 2) {
    let cells = ''
    for (let col = 0; col < extent; col += 1) cells += HALF_BLOCKS[dark(row, col)][dark(row + 1, col)]
    lines.push(`${DARK_ON_LIGHT}${cells}${RESET}`)
  }
  return lines
}
