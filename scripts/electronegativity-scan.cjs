// Runs @doyensec/electronegativity through its documented programmatic API and writes its findings
// as CSV (the columns of the tool's own `-o findings.csv`).
// Usage: node scripts/electronegativity-scan.cjs <input dir> <findings.csv> <electron version>
//
// Why not the `electronegativity` command itself:
// - Offline, its HTTP client (`got`, asked for message translations) retries on a timer and then
//   throws from inside that timer, killing the process, sometimes before the report is written.
//   Here every such request is answered "offline" at once; the tool then uses its bundled English.
// - Its CSV writer starts the header write and the rows write without waiting for either, so the
//   rows are now and then lost or spliced into the header. Here the CSV is written in one piece.
// AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK is skipped: it downloads Electron's release list. The
// Electron version the other checks assume is passed explicitly.
const { writeFileSync } = require('node:fs')
const Module = require('node:module')
const { resolve, sep } = require('node:path')

const [input, output, electronVersion] = process.argv.slice(2)
if (!input || !output || !electronVersion) {
  console.error('usage: electronegativity-scan.cjs <input dir> <findings.csv> <electron version>')
  process.exit(2)
}

const load = Module._load
Module._load = function loadWithoutNetwork(request, parent, ...rest) {
  if (request === 'got' && parent && parent.filename.includes(`${sep}@doyensec${sep}`)) {
    return () => Promise.reject(new Error('offline: electronegativity runs without network access'))
  }
  return load.call(this, request, parent, ...rest)
}

const run = require('@doyensec/electronegativity')

const quote = (value) => (value == null ? 'N/A' : `"${String(value).replace(/"/g, '""')}"`)

// The tool prints "could not retrieve translations" when offline: expected here, so it is muted.
const log = console.log
console.log = (...args) => {
  if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args)
}

run({
  input: resolve(input),
  isRelative: true,
  customScan: [],
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  electronVersionOverride: electronVersion,
  parserPlugins: [],
})
  .then(({ issues, errors }) => {
    for (const error of errors) console.error(`electronegativity could not parse ${error.file}: ${error.message}`)
    const rows = issues.map((issue) =>
      [
        issue.id,
        quote(issue.severity.name),
        quote(issue.confidence.name),
        quote(issue.file),
        quote(`${issue.location.line}:${issue.location.column}`),
        quote(issue.sample),
        quote(issue.description),
        `https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
      ].join(','),
    )
    writeFileSync(output, ['issue, severity, confidence, filename, location, sample, description, url', ...rows, ''].join('\n'))
    process.exit(errors.some((e) => !e.tolerable) ? 2 : 0)
  })
  .catch((error) => {
    console.error(error && error.stack ? error.stack : String(error))
    process.exit(2)
  })
