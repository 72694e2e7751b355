import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// scripts/ensure-electron.mjs, the step before every command that launches or packages the app,
// run as npm runs it, with the download refused: a mirror on a loopback port nobody listens on, an
// empty download cache, and an empty folder for the binary (so a machine that has one still tries).

const run = promisify(execFile)

/** A loopback port that refuses connections: bound once to get a free number, then closed. */
async function refusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'plexkey-electron-'))
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function ensure(...args: string[]): Promise<{ code: number; stdout: string }> {
  const env = {
    ...process.env,
    ELECTRON_MIRROR: `http://127.0.0.1:${await refusedPort()}/`,
    electron_config_cache: join(scratch, 'cache'),
    ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'dist'),
  }
  try {
    const { stdout } = await run(process.execPath, ['scripts/ensure-electron.mjs', ...args], { env })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('ensure-electron', () => {
  it('says in one line that the binary could not be had, and fails', async () => {
    const { code, stdout } = await ensure()
    expect(code).toBe(1)
    const lines = stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^No Electron binary: Electron 45\.5\.0 could not be downloaded \(.+\), so Plexkey cannot start\. /)
    expect(lines[0]).toContain('set ELECTRON_MIRROR to a reachable mirror')
    // It ends with what can be seen without Electron.
    expect(lines[0]).toMatch(/ Meanwhile, `npm run demo` shows the plexkey command, which needs no Electron\.$/)
  })

  it('for the real-Electron tests, says that they did not run', async () => {
    const { code, stdout } = await ensure('--tests')
    expect(code).toBe(1)
    expect(stdout.trim()).toMatch(/so the real-Electron tests did not run \(nothing passed or failed\)/)
    expect(stdout).not.toContain('npm run demo')
    expect(stdout.trim().split('\n')).toHaveLength(1)
  })

  it('runs before every command that launches or packages the app', async () => {
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }
    for (const name of ['start', 'dev', 'dist']) expect(scripts[name], name).toMatch(/^node scripts\/ensure-electron\.mjs && /)
    expect(scripts['test:electron']).toBe('bash scripts/test-electron.sh')
    expect(await readFile('scripts/test-electron.sh', 'utf8')).toContain('node scripts/ensure-electron.mjs --tests')
  })

  it('keeps the real-Electron tests out of npm test, which picks up test/**/*.test.ts', async () => {
    const files = await readdir('test/electron')
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect(file).toMatch(/\.electron\.ts$/)
  })
})
