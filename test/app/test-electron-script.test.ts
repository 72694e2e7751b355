import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// scripts/test-electron.sh on Linux where the tools for a private keyring and a screen are missing:
// it must not run (the app would reach the desktop's own keyring), and say so in one line, as it
// does for a missing Electron binary. Run with a PATH that holds only the tools named here.

const run = promisify(execFile)

let scratch: string
let bin: string
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'plexkey-test-electron-'))
  bin = join(scratch, 'bin')
  await mkdir(bin)
})
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true })
})

/** Puts a tool on the scratch PATH: the real one, or `stand` (a program path) standing in for it. */
async function provide(tool: string, stand?: string): Promise<void> {
  const target = stand ?? (await run('bash', ['-c', `command -v ${tool}`])).stdout.trim()
  await symlink(target, join(bin, tool))
}

async function testElectron(env: Readonly<Record<string, string>>): Promise<{ code: number; lines: string[] }> {
  const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, ...rest } = process.env
  try {
    const { stdout } = await run('/bin/bash', ['scripts/test-electron.sh'], { env: { ...rest, PATH: bin, ...env } })
    return { code: 0, lines: stdout.split('\n').filter(Boolean) }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, lines: failed.stdout.split('\n').filter(Boolean) }
  }
}

describe('npm run test:electron without its tools', () => {
  beforeEach(async () => {
    await provide('dirname')
    await provide('uname')
  })

  it('names every missing tool in one line and ends with status 0, claiming no pass', async () => {
    const { code, lines } = await testElectron({})
    expect(code).toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^No dbus-run-session, gnome-keyring-daemon, xvfb-run: .*so the real-Electron tests did not run \(nothing passed or failed\)\./)
  })

  it('asks for no virtual screen where there is a display, and goes on to the Electron binary', async () => {
    await provide('dbus-run-session', '/bin/true')
    await provide('gnome-keyring-daemon', '/bin/true')
    await provide('node', process.execPath)
    const { code, lines } = await testElectron({
      DISPLAY: ':99',
      // The download refused, as in ensure-electron.test.ts: a mirror nobody listens on, empty caches.
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(scratch, 'cache'),
      ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'dist'),
    })
    expect(code).toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^No Electron binary: .*so the real-Electron tests did not run \(nothing passed or failed\)/)
  })
})
