import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSupportTest } from '../../scripts/test-projects.mjs'

// scripts/summarize-tests.mjs on vitest JSON reports written here: the counts it prints, product
// and test support apart, and the one `N passed, N failed` line CI reads, last.

const script = resolve(import.meta.dirname, '../../scripts/summarize-tests.mjs')
const run = promisify(execFile)
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-summary-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

type Status = 'passed' | 'failed' | 'skipped'
const file = (name: string, statuses: readonly Status[], status: 'passed' | 'failed' = statuses.includes('failed') ? 'failed' : 'passed') => ({
  name: resolve(import.meta.dirname, '../..', name),
  status,
  assertionResults: statuses.map((s) => ({ status: s })),
})

/** Runs the script on `report`; its lines and exit status. */
async function summarize(report: unknown): Promise<{ lines: string[]; code: number }> {
  const path = join(dir, 'vitest.json')
  await writeFile(path, JSON.stringify(report))
  try {
    const { stdout } = await run(process.execPath, [script, path])
    return { lines: stdout.trimEnd().split('\n'), code: 0 }
  } catch (error) {
    const { stdout, code } = error as { stdout: string; code: number }
    return { lines: stdout.trimEnd().split('\n'), code }
  }
}

const TOTALS = /\d+ passed, \d+ failed/

describe('the test summary', () => {
  it('counts Plexkey’s tests and the test support’s apart, and ends with the totals, the only line CI would read', async () => {
    const { lines, code } = await summarize({
      success: true,
      testResults: [
        file('test/core/a.test.ts', ['passed', 'passed', 'passed']),
        file('test/renderer/b.test.tsx', ['passed', 'skipped']),
        file('test/app/electron-stand-in.test.ts', ['passed']),
        file('test/fake-plex/fake-plex.test.ts', ['passed', 'passed']),
      ],
    })
    expect(code).toBe(0)
    expect(lines).toEqual([
      "Plexkey's own tests: 4 passed and 0 failed (1 skipped).",
      'Tests of the test support (Electron stand-in, fake plex.tv, layout check, test summary): 3 passed and 0 failed.',
      '7 passed, 0 failed, 1 skipped',
    ])
    expect(lines.filter((line) => TOTALS.test(line))).toEqual([lines.at(-1)])
  })

  it('counts a file that failed to load as a failure, in its part and in the totals, and exits 1', async () => {
    const { lines, code } = await summarize({
      success: false,
      testResults: [file('test/core/a.test.ts', ['passed', 'failed']), file('test/core/broken.test.ts', [], 'failed'), file('test/e2e/layout-check.test.ts', ['passed'])],
    })
    expect(code).toBe(1)
    expect(lines).toEqual([
      "Plexkey's own tests: 1 passed and 2 failed.",
      'Tests of the test support (Electron stand-in, fake plex.tv, layout check, test summary): 1 passed and 0 failed.',
      '2 passed, 2 failed',
    ])
  })

  it('never ends green on a failed run with no failed test, nor on a run with no test', async () => {
    expect(await summarize({ success: false, testResults: [file('test/core/a.test.ts', ['passed'])] })).toMatchObject({ code: 1, lines: [expect.any(String), '1 passed, 1 failed'] })
    expect(await summarize({ success: true, testResults: [] })).toMatchObject({ code: 1, lines: [expect.any(String), '0 passed, 0 failed'] })
    expect((await summarize('not a report')).lines.at(-1)).toMatch(TOTALS)
  })
})

describe('which tests test the test support', () => {
  it('the stand-in’s, the fake plex.tv’s, the layout check’s and the summary’s; no test of Plexkey itself', () => {
    for (const support of ['test/app/electron-stand-in.test.ts', 'test/fake-plex/jwt-endpoints.test.ts', 'test/e2e/layout-check.test.ts', 'test/scripts/summarize-tests.test.ts']) {
      expect(isSupportTest(support)).toBe(true)
    }
    for (const product of ['test/app/main-window.test.ts', 'test/core/control-chars.test.ts', 'test/e2e/servers.test.ts', 'test/cli/login.test.ts']) {
      expect(isSupportTest(product)).toBe(false)
    }
  })
})
