import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// `npm run lint:electron` as CI runs it: @doyensec/electronegativity over main/, preload/ and
// renderer/, failing on any finding above informational that the code has not answered.

const exec = promisify(execFile)

async function run(command: string, args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(command, [...args], { cwd: process.cwd(), timeout: 120_000 })
    return { stdout, stderr, code: 0 }
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number }
    return { stdout: e.stdout, stderr: e.stderr, code: e.code }
  }
}

describe('electronegativity', () => {
  it('finds nothing above informational in the app', async () => {
    const { stdout, stderr, code } = await run('bash', ['scripts/electronegativity.sh'])
    expect(stderr.trim(), stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain('no findings above informational')
    const csv = await readFile('test-results/electronegativity.csv', 'utf8')
    expect(csv.split('\n')[0]).toBe('issue, severity, confidence, filename, location, sample, description, url')
  }, 120_000)

  it('fails, naming the finding, on code that weakens the window', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plexkey-eng-'))
    try {
      await mkdir(join(dir, 'main'))
      await writeFile(
        join(dir, 'main', 'window.ts'),
        "import { BrowserWindow } from 'electron'\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } })\n",
      )
      const csv = join(dir, 'findings.csv')
      const scan = await run('node', ['scripts/electronegativity-scan.cjs', dir, csv, '45.5.0'])
      expect(scan.code, scan.stderr).toBe(0)
      const report = await run('node', ['scripts/electronegativity-report.mjs', csv])
      expect(report.code).toBe(1)
      expect(report.stderr).toContain('SANDBOX_JS_CHECK')
      expect(report.stderr).toContain('CONTEXT_ISOLATION_JS_CHECK')
      expect(report.stderr).toContain('main/window.ts:2:')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
