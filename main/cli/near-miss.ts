/**
 * The candidate a mistyped word was most likely meant to be ("logn" for "login", "--jsn" for
 * "--json"), or null when none is close: at most two edits away (an edit being a character added,
 * dropped, changed, or two neighbours swapped), and fewer than half the word's length.
 */
export function nearMiss(word: string, candidates: readonly string[]): string | null {
  let best: { readonly candidate: string; readonly distance: number } | null = null
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate)
    if (distance > 2 || distance * 2 >= candidate.replace(/^-+/, '').length) continue
    if (best === null || distance < best.distance) best = { candidate, distance }
  }
  return best?.candidate ?? null
}

/** Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters. */
function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1)
      const row = rows[i]
      if (row !== undefined) row[j] = value
    }
  }
  return at(a.length, b.length)
}
