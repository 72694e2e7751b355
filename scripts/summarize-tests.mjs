// Prints what vitest's JSON report says: first Plexkey's own tests and the tests of the test
// support (scripts/test-projects.mjs) apart, then, as the very last line, the plain
// `N passed, N failed` of the whole run that CI reads. Only that last line has that shape.
import { readFileSync } from 'node:fs'
import { isSupportTest } from './test-projects.mjs'

const file = process.argv[2]
let report
try {
  report = JSON.parse(readFileSync(file, 'utf8'))
} catch (error) {
  console.log('0 passed, 1 failed')
  console.error(`No test report at ${file}: ${error.message}`)
  process.exit(1)
}

/** Passed, failed and skipped tests of some test files; a file that failed to load counts as one failure. */
function count(files) {
  const tally = { passed: 0, failed: 0, skipped: 0 }
  for (const result of files) {
    const statuses = (result.assertionResults ?? []).map((test) => test.status)
    tally.passed += statuses.filter((status) => status === 'passed').length
    const failed = statuses.filter((status) => status === 'failed').length
    tally.failed += failed === 0 && result.status === 'failed' ? 1 : failed
    tally.skipped += statuses.filter((status) => status !== 'passed' && status !== 'failed').length
  }
  return tally
}

const part = ({ passed, failed, skipped }) => `${passed} passed and ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`
const files = report.testResults ?? []
const support = files.filter((result) => isSupportTest(result.name))
console.log(`Plexkey's own tests: ${part(count(files.filter((result) => !isSupportTest(result.name))))}.`)
if (support.length > 0) {
  console.log(`Tests of the test support (Electron stand-in, fake plex.tv, layout check, test summary): ${part(count(support))}.`)
}

const all = count(files)
// A failure outside any test file (an unhandled error) fails the run too: never a green line then.
const failed = all.failed + (report.success === false && all.failed === 0 ? 1 : 0)
console.log(`${all.passed} passed, ${failed} failed${all.skipped ? `, ${all.skipped} skipped` : ''}`)
process.exit(failed > 0 || all.passed === 0 ? 1 : 0)
