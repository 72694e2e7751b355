/**
 * The built renderer's weight: every file under out/renderer, raw and gzipped (what a download or
 * a disk read costs), plus the totals. Reads the build as it is; run `npm run build` first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const dir = resolve(__dirname, '../out/renderer')

function filesUnder(path: string): string[] {
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

let files: string[]
try {
  files = filesUnder(dir).sort()
} catch {
  console.error('out/renderer is missing: run `npm run build` first.')
  process.exit(1)
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`
const rows = files.map((file) => {
  const bytes = readFileSync(file)
  return { file: relative(dir, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
})
const total = rows.reduce((sum, row) => ({ bytes: sum.bytes + row.bytes, gzip: sum.gzip + row.gzip }), { bytes: 0, gzip: 0 })

const table = [...rows, { file: 'total', ...total }].map((row) => [
  row.file,
  `${row.bytes} B`,
  kib(row.bytes),
  `${row.gzip} B`,
  kib(row.gzip),
])
print(['built renderer (out/renderer)', 'bytes', 'size', 'gzip bytes', 'gzip'], table)

function print(header: readonly string[], body: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of body) console.log(line(row))
}
