import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { version } from '../../package.json'
import { HELP_WIDTH } from '../../main/cli/help'
import { plexkeyBin, repoRoot, requireBuiltCli } from '../support/cli-world'

const execFileAsync = promisify(execFile)

/** Runs the built CLI with no keychain, plex.tv or config at all: help and usage need none. */
async function plexkey(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [plexkeyBin, ...args], { cwd: repoRoot })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

beforeAll(() => requireBuiltCli())

describe('plexkey --help and usage', () => {
  it('documents every command, flag, exit status and environment variable', async () => {
    const help = await plexkey('--help')
    expect(help.code).toBe(0)
    for (const command of ['login', 'status', 'token', 'logout', 'servers', 'url', 'exec']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    for (const code of [0, 1, 2, 3, 4, 5, 64, 126, 130]) expect(help.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'))
    for (const name of ['PLEXKEY_CONFIG_DIR', 'PLEXKEY_PLEX_URL', 'PLEXKEY_AUTH_URL']) expect(help.stdout).toContain(name)

    const login = await plexkey('login', '--help')
    expect(login.code).toBe(0)
    for (const flag of ['--link', '--no-browser', '--json', '--timeout <seconds>']) expect(login.stdout).toContain(flag)
    expect((await plexkey('status', '--help')).stdout).toContain('--json')
    expect((await plexkey('help', 'token')).stdout).toMatch(/^Usage: plexkey token \[--server <server>\]$/m)
    expect((await plexkey('servers', '--help')).stdout).toContain('--json')
    expect((await plexkey('url', '-h')).stdout).toMatch(/^Usage: plexkey url <server>$/m)
    const exec = (await plexkey('exec', '--help')).stdout
    for (const name of ['PLEX_TOKEN', 'PLEX_URL', 'PLEXAPI_AUTH_SERVER_BASEURL', 'PLEXAPI_AUTH_SERVER_TOKEN']) expect(exec).toContain(name)
    expect((await plexkey('logout', '-h')).stdout).toMatch(/^Usage: plexkey logout$/m)
  })

  it.each([['--help'], ['login', '--help'], ['status', '--help'], ['token', '--help'], ['logout', '--help'], ['servers', '--help'], ['url', '--help'], ['exec', '--help']])(
    '%j fits an 80-column terminal',
    async (...args) => {
      const { stdout } = await plexkey(...args)
      const wide = stdout.split('\n').filter((line) => line.length > HELP_WIDTH)
      expect(wide).toEqual([])
    },
  )

  it.each(['login', 'status', 'token', 'logout', 'servers', 'url', 'exec'])('%s --help lists its own options and points to --help for the rest', async (command) => {
    const { stdout } = await plexkey(command, '--help')
    expect(stdout).toContain('Options:\n')
    expect(stdout).not.toContain('Exit status:')
    expect(stdout).not.toContain('Environment:')
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('Exit statuses and environment variables: run `plexkey --help`.')
  })

  it('--version prints the package version', async () => {
    expect(await plexkey('--version')).toEqual({ code: 0, stdout: `plexkey ${version}\n`, stderr: '' })
  })

  it.each([
    [['frobnicate'], 'There is no command "frobnicate". Run `plexkey --help` for the list.'],
    [['logn'], 'There is no command "logn". Did you mean `plexkey login`? Run `plexkey --help` for the list.'],
    [['stauts'], 'There is no command "stauts". Did you mean `plexkey status`? Run `plexkey --help` for the list.'],
    [['help', 'tokn'], 'There is no command "tokn". Did you mean `plexkey help token`? Run `plexkey --help` for the list.'],
    [['login', '--qr'], 'Unknown option "--qr". Run `plexkey login --help` for the options.'],
    [['login', '--jsn'], 'Unknown option "--jsn". Did you mean --json? Run `plexkey login --help` for the options.'],
    [['login', '--no-browsr'], 'Unknown option "--no-browsr". Did you mean --no-browser? Run `plexkey login --help` for the options.'],
    [['status', '--lnk'], 'Unknown option "--lnk". Run `plexkey status --help` for the options.'],
    [['login', '--timeout', 'soon'], '--timeout needs a whole number of seconds from 1 to 86400, not "soon".'],
    [['login', '--timeout', '0'], '--timeout needs a whole number of seconds from 1 to 86400, not "0".'],
    [['login', '--timeout', '0.0001'], '--timeout needs a whole number of seconds from 1 to 86400, not "0.0001".'],
    [['login', '--timeout', '3000000'], '--timeout needs a whole number of seconds from 1 to 86400, not "3000000".'],
    [['url'], 'url needs one server name: plexkey url <server>. Run `plexkey servers` for the list.'],
    [['exec', 'env'], 'exec needs a command after `--`: plexkey exec [--server <server>] -- <command> [args…]'],
    [['exec', '--server', 'Basement', '--'], 'exec needs a command after `--`: plexkey exec [--server <server>] -- <command> [args…]'],
    [['token', 'extra'], 'Unexpected argument "extra". This command does not take positional arguments. Run `plexkey token --help` for the options.'],
  ])('%j is a usage error (exit 64) with one plain sentence', async (args, message) => {
    expect(await plexkey(...args)).toEqual({ code: 64, stdout: '', stderr: `${message}\n` })
  })

  it('says to build when the build is missing', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'plexkey-unbuilt-'))
    try {
      await mkdir(join(copy, 'bin'))
      await copyFile(plexkeyBin, join(copy, 'bin/plexkey'))
      const result = await execFileAsync(process.execPath, [join(copy, 'bin/plexkey'), 'status']).catch((error: unknown) => error as { code: number; stderr: string })
      expect('code' in result ? result.code : 0).toBe(1)
      expect(result.stderr).toMatch(/plexkey is not built yet .* Run `npm run build` in /)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })
})
