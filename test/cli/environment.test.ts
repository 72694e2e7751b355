import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliWorld, plexkeyBin, repoRoot, requireBuiltCli, startCliWorld } from '../support/cli-world'

const execFileAsync = promisify(execFile)

let home: string
beforeAll(async () => {
  requireBuiltCli()
  home = await mkdtemp(join(tmpdir(), 'plexkey-env-'))
})
afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

/**
 * Runs the built CLI with a home and config directory of its own and no D-Bus session: a command
 * that reached the keychain would fail there with exit 4, not the usage error expected here.
 */
async function plexkey(args: readonly string[], extra: Readonly<Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, PLEXKEY_CONFIG_DIR: join(home, 'config'), ...extra }
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [plexkeyBin, ...args], { cwd: repoRoot, env })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const COMMANDS = [['status'], ['status', '--json'], ['token'], ['logout'], ['login', '--no-browser']]
const BAD_PLEX_URL = 'PLEXKEY_PLEX_URL must be an https URL (http only for 127.0.0.1, ::1 or localhost): "ftp://x".\n'

describe('PLEXKEY_PLEX_URL and PLEXKEY_AUTH_URL are checked before any command runs', () => {
  it.each(COMMANDS)('`plexkey %s` with an invalid value is a usage error (exit 64) when signed out, touching nothing', async (...args) => {
    const result = await plexkey(args, { PLEXKEY_PLEX_URL: 'ftp://x' })
    expect(result).toEqual({ code: 64, stdout: '', stderr: BAD_PLEX_URL })
    expect(await readdir(home)).toEqual([])
  })

  describe('when signed in', () => {
    let world: CliWorld
    beforeAll(async () => {
      world = await startCliWorld()
      const login = world.start(['login', '--no-browser', '--json'])
      world.fake.approve(Number((await login.json((line) => line['kind'] === 'waiting'))['pinId']))
      expect((await login.done).code).toBe(0)
    })
    afterAll(async () => {
      await world?.stop()
    })

    it.each(COMMANDS)('`plexkey %s` with an invalid value is a usage error (exit 64), touching nothing', async (...args) => {
      const items = await world.keychainItems()
      const files = await world.files()
      expect(items['active']).toMatch(/^token:/)
      world.fake.clearRequests()
      const result = await world.run(args, { PLEXKEY_PLEX_URL: 'ftp://x' })
      expect(result).toMatchObject({ code: 64, stdout: '', stderr: BAD_PLEX_URL })
      // Still signed in, plex.tv never asked, no file written.
      expect(await world.keychainItems()).toEqual(items)
      expect(world.fake.requests).toEqual([])
      expect(await world.files()).toEqual(files)
    })
  })

  it('http to another host would send the token in the clear: refused', async () => {
    const result = await plexkey(['status'], { PLEXKEY_AUTH_URL: 'http://sign-in.example/auth' })
    expect(result.code).toBe(64)
    expect(result.stderr).toBe('PLEXKEY_AUTH_URL must be an https URL (http only for 127.0.0.1, ::1 or localhost): "http://sign-in.example/auth".\n')
  })

  it('--help and --version need no plex.tv, so they work whatever the environment says', async () => {
    expect((await plexkey(['--help'], { PLEXKEY_PLEX_URL: 'ftp://x' })).code).toBe(0)
    expect((await plexkey(['status', '--help'], { PLEXKEY_PLEX_URL: 'ftp://x' })).code).toBe(0)
    expect((await plexkey(['--version'], { PLEXKEY_PLEX_URL: 'ftp://x' })).code).toBe(0)
  })
})

describe('an override that points away from this machine is named on every command', () => {
  it.each([['status'], ['token'], ['logout'], ['login', '--no-browser']])('`plexkey %s` warns on stderr, naming the host', async (...args) => {
    const result = await plexkey(args, { PLEXKEY_PLEX_URL: 'https://plex-proxy.example:8443/base', PLEXKEY_AUTH_URL: 'https://sign-in.example/auth' })
    const lines = result.stderr.split('\n')
    expect(lines[0]).toBe('Warning: PLEXKEY_PLEX_URL is set, so your Plex token goes to plex-proxy.example instead of plex.tv.')
    expect(lines[1]).toBe('Warning: PLEXKEY_AUTH_URL is set, so the sign-in page comes from sign-in.example instead of app.plex.tv.')
    expect(result.stdout).not.toContain('Warning')
  })

  it('says nothing for this machine, nor for --help', async () => {
    for (const url of ['http://127.0.0.1:1/x', 'http://[::1]:1', 'https://localhost']) {
      expect((await plexkey(['status'], { PLEXKEY_PLEX_URL: url, PLEXKEY_AUTH_URL: url })).stderr).not.toContain('Warning')
    }
    expect((await plexkey(['--help'], { PLEXKEY_PLEX_URL: 'https://plex-proxy.example' })).stderr).toBe('')
  })
})

describe('values quoted back in errors', () => {
  const hostile = `\u001b]0;owned\u0007\u009b2J${'x'.repeat(100_000)}`

  it.each([
    ['an unknown command', [hostile], {}],
    ['a bad option value', ['login', '--timeout', hostile], {}],
    ['an unknown option', ['status', `--${hostile}`], {}],
    ['a bad PLEXKEY_PLEX_URL', ['status'], { PLEXKEY_PLEX_URL: `ftp://${hostile}` }],
  ])('%s: cut to a sane length, escapes shown, exit 64', async (_, args, env) => {
    const result = await plexkey(args, env)
    expect(result.code).toBe(64)
    expect(result.stderr.length).toBeLessThan(600)
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    expect(result.stderr).toContain('\\x1b]0;owned\\x07\\x9b2J')
  })
})
