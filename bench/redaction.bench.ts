/**
 * How long a 64 KB error body costs before it is shown or logged: `redact` (every log line) and
 * `parseErrorBody` (plex.tv's error text, as the CLI and the window show it), on bodies shaped to
 * make backtracking patterns quadratic. Fails when the slowest median passes the budget: a person
 * waits on this in `login`, and the app's main process stalls for as long as it takes.
 */
import { redact } from '../main/core/log'
import { parseErrorBody } from '../main/core/plex/plex-error'
import { median, printTable } from './bench-support'

const SIZE = 64 * 1024
const RUNS = 15
/** Per call, on the slowest body; what was 5 s before redaction was made linear. */
const BUDGET_MS = 50

const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE)

const BODIES: readonly (readonly [string, string])[] = [
  ['words joined by "-"', fill('a-')],
  ['near-token names', fill('token-')],
  ['JWT-like parts', fill('eyJ-')],
  ['one long word', fill('a')],
  ['spaces after a name', `token${' '.repeat(SIZE)}`],
  ['unclosed quotes', fill('token="')],
  ['percent-encoded names', fill('token%3')],
  ['array openings', fill('token:[')],
  ['name, value pairs', fill(`'token', '`)],
  ['quoting layers', fill('%2525&quot;\\"')],
]

function timeOf(run: () => unknown): number {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    run()
    times.push(performance.now() - started)
  }
  return median(times)
}

const rows: string[][] = []
let slowest = 0
for (const [name, body] of BODIES) {
  const json = JSON.stringify({ errors: [{ code: 1, message: body }] })
  const xml = `<errors><error code="1" message="${body.replace(/"/g, '&quot;')}"/></errors>`
  const times = [timeOf(() => redact(body)), timeOf(() => parseErrorBody(json)), timeOf(() => parseErrorBody(xml))]
  slowest = Math.max(slowest, ...times)
  rows.push([name, ...times.map((ms) => ms.toFixed(2))])
}
console.log(`64 KB bodies, median of ${RUNS} runs, in ms (budget ${BUDGET_MS} ms per call):`)
printTable(['body', 'redact', 'JSON error', 'XML error'], rows)
if (slowest > BUDGET_MS) {
  console.log(`Over budget: ${slowest.toFixed(1)} ms.`)
  process.exitCode = 1
}
