#!/usr/bin/env node
// Reads electronegativity's CSV and fails (exit 1, with a list) on any finding above INFORMATIONAL.
// Usage: node scripts/electronegativity-report.mjs <findings.csv>
import { readFileSync } from 'node:fs'

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      if (row.some((f) => f.trim() !== '')) rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

const path = process.argv[2]
if (!path) {
  console.error('usage: electronegativity-report.mjs <findings.csv>')
  process.exit(2)
}
const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'))
if (!header || header[0].trim() !== 'issue') {
  console.error(`${path} is not an electronegativity CSV report`)
  process.exit(2)
}
const findings = rows.map(([issue, severity, confidence, file, location, sample, description]) => ({
  issue: issue.trim(),
  severity: severity.trim(),
  confidence: confidence.trim(),
  file: file.trim(),
  location: location.trim(),
  sample: (sample ?? '').trim(),
  description: (description ?? '').trim(),
}))
const serious = findings.filter((f) => f.severity !== 'INFORMATIONAL')
const informational = findings.length - serious.length
if (serious.length === 0) {
  console.log(`electronegativity: no findings above informational (${informational} informational)`)
  process.exit(0)
}
console.error(`electronegativity: ${serious.length} finding(s) above informational:`)
for (const f of serious) {
  console.error(`  ${f.severity} ${f.issue} ${f.file}:${f.location} ${f.description}${f.sample && f.sample !== 'N/A' ? `\n      ${f.sample}` : ''}`)
}
process.exit(1)
