// Prints the plain `N passed, N failed` line CI reads, from vitest's JSON report.
import { readFileSync } from 'node:fs'

const file = process.argv[2]
let report
try {
  report = JSON.parse(readFileSync(file, 'utf8'))
} catch (error) {
  console.log('0 passed, 1 failed')
  console.error(`No test report at ${file}: ${error.message}`)
  process.exit(1)
}
const passed = report.numPassedTests ?? 0
// A file that fails to load has no failed test of its own; count it so a broken suite is never green.
const failedTests = report.numFailedTests ?? 0
const failed = failedTests + (report.success === false && failedTests === 0 ? 1 : 0)
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
