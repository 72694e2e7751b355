import type { Modules } from './qr-decode'

export { decodeModules } from './qr-decode'

const TOP: Readonly<Record<string, readonly [boolean, boolean]>> = {
  ' ': [false, false],
  '▀': [true, false],
  '▄': [false, true],
  '█': [true, true],
}

/**
 * Reads a QR code drawn with half-block characters back into its module rows (true: dark),
 * ignoring colour escapes. A character that is not a half block is an error, not a light module.
 */
export function modulesOf(lines: readonly string[]): boolean[][] {
  const rows: boolean[][] = []
  for (const line of lines) {
    const cells = [...line.replace(/\x1b\[[0-9;]*m/g, '')]
    const pairs = cells.map((cell) => {
      const pair = TOP[cell]
      if (!pair) throw new Error(`not a half block: ${JSON.stringify(cell)}`)
      return pair
    })
    rows.push(pairs.map(([top]) => top), pairs.map(([, bottom]) => bottom))
  }
  return rows
}

/** How many light rows or columns surround the dark ones, the smallest of the four sides. */
export function quietZoneOf(modules: Modules): number {
  const darkRows = modules.map((row, index) => (row.includes(true) ? index : -1)).filter((index) => index >= 0)
  const darkCols = (modules[0] ?? []).map((_, col) => col).filter((col) => modules.some((row) => row[col]))
  const first = (list: number[]): number => list[0] ?? 0
  const last = (list: number[]): number => list[list.length - 1] ?? 0
  return Math.min(first(darkRows), modules.length - 1 - last(darkRows), first(darkCols), (modules[0]?.length ?? 0) - 1 - last(darkCols))
}
