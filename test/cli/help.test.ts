import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { version } from '../../package.json'
import { EXIT } from '../../main/cli/exit-codes'
import { HELP_WIDTH, OVERVIEW_ROWS } from '../../main/cli/help'
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
  it('starts with the commands and two examples, and fits a 24-row terminal with the prompt under it', async () => {
    const help = await plexkey('--help')
    expect(help.code).toBe(0)
    const lines = help.stdout.trimEnd().split('\n')
    expect(lines.length).toBeLessThanOrEqual(OVERVIEW_ROWS)
    expect(lines.slice(0, 3)).toEqual(['Usage: plexkey <command> [options]', '', 'Commands:'])
    const commands = lines.slice(3, lines.indexOf('', 3)).filter((line) => /^  \S/.test(line)).map((line) => line.trim().split(' ')[0])
    expect(commands).toEqual(['login', 'status', 'token', 'logout', 'accounts', 'switch', 'servers', 'url', 'exec', 'devices', 'tools', 'users', 'user'])
    const examples = lines.slice(lines.indexOf('Examples:') + 1)
    expect(examples.slice(0, 2).every((line) => line.startsWith('  plexkey '))).toBe(true)
    expect(examples[2]).toBe('')
    // What every command shares has pages of its own, named at the end.
    expect(help.stdout).not.toContain('Exit status')
    expect(lines.at(-1)).toContain('plexkey help exit-codes')
    expect(lines.at(-1)).toContain('plexkey help environment')
  })

  it('`plexkey help exit-codes` lists every exit status there is, and `help environment` every variable', async () => {
    const codes = await plexkey('help', 'exit-codes')
    expect(codes.code).toBe(0)
    const listed = [...codes.stdout.matchAll(/^  (\d+) +\S/gm)].map((match) => Number(match[1]))
    expect(listed).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b))
    const environment = await plexkey('help', 'environment')
    expect(environment.code).toBe(0)
    const variables = [...environment.stdout.matchAll(/^  (PLEXKEY_\w+) /gm)].map((match) => match[1])
    expect(variables).toEqual(['PLEXKEY_CONFIG_DIR', 'PLEXKEY_PLEX_URL', 'PLEXKEY_AUTH_URL', 'PLEXKEY_LOG_LEVEL'])
  })

  it('documents every command’s flags', async () => {
    const login = await plexkey('login', '--help')
    expect(login.code).toBe(0)
    for (const flag of ['--add', '--link', '--no-browser', '--json', '--timeout <seconds>']) expect(login.stdout).toContain(flag)
    expect((await plexkey('status', '--help')).stdout).toContain('--json')
    expect((await plexkey('help', 'token')).stdout).toMatch(/^Usage: plexkey token \[--server <server>\] \[--account <account>\]\n +\[--user <user>\] \[--pin-stdin\]$/m)
    for (const flag of ['--json', '--wide']) expect((await plexkey('servers', '--help')).stdout).toContain(flag)
    expect((await plexkey('url', '-h')).stdout).toMatch(/^Usage: plexkey url <server> \[--allow-insecure\] \[--account <account>\]\n +\[--user <user>\] \[--pin-stdin\]$/m)
    // --account wherever it is taken, said the same way.
    for (const command of ['status', 'token', 'servers', 'url', 'exec']) {
      expect((await plexkey(command, '--help')).stdout).toMatch(/--account <account>\n +that signed-in account/)
    }
    const exec = (await plexkey('exec', '--help')).stdout
    for (const name of ['PLEX_TOKEN', 'PLEX_URL', 'PLEXAPI_AUTH_SERVER_BASEURL', 'PLEXAPI_AUTH_SERVER_TOKEN', '--as <tool>', 'KOMETA_PLEX_TOKEN', 'TAUTULLI_PMS_TOKEN']) expect(exec).toContain(name)
    expect((await plexkey('logout', '-h')).stdout).toMatch(/^Usage: plexkey logout \[--account <account>\]$/m)
    expect((await plexkey('accounts', '--help')).stdout).toMatch(/^Usage: plexkey accounts \[--json\]$/m)
    expect((await plexkey('switch', '--help')).stdout).toMatch(/^Usage: plexkey switch <account>$/m)
    const devices = (await plexkey('devices', '--help')).stdout
    for (const flag of ['--json', 'revoke <device>', '--yes']) expect(devices).toContain(flag)
    expect((await plexkey('users', '--help')).stdout).toMatch(/^Usage: plexkey users \[--json\]$/m)
    const tools = (await plexkey('tools', '--help')).stdout
    for (const flag of ['--json', 'revoke <tool>']) expect(tools).toContain(flag)
    const user = (await plexkey('user', '--help')).stdout
    for (const flag of ['plexkey user <name> [--pin-stdin]', 'plexkey user --owner', '--pin-stdin']) expect(user).toContain(flag)
    for (const command of ['status', 'token', 'servers', 'url', 'exec']) for (const flag of ['--user <user>', '--pin-stdin']) expect((await plexkey(command, '--help')).stdout).toContain(flag)
  })

  it.each([['--help'], ['help', 'exit-codes'], ['help', 'environment'], ['login', '--help'], ['status', '--help'], ['token', '--help'], ['logout', '--help'], ['servers', '--help'], ['url', '--help'], ['exec', '--help'], ['devices', '--help'], ['tools', '--help'], ['users', '--help'], ['user', '--help'], ['accounts', '--help'], ['switch', '--help']])(
    '%j fits an 80-column terminal',
    async (...args) => {
      const { stdout } = await plexkey(...args)
      const wide = stdout.split('\n').filter((line) => line.length > HELP_WIDTH)
      expect(wide).toEqual([])
    },
  )

  it.each(['login', 'status', 'token', 'logout', 'accounts', 'switch', 'servers', 'url', 'exec', 'devices', 'tools', 'users', 'user'])('%s --help lists its own options and points to the pages every command shares', async (command) => {
    const { stdout } = await plexkey(command, '--help')
    expect(stdout).toContain('Options:\n')
    expect(stdout).not.toMatch(/^  64 /m)
    expect(stdout).not.toMatch(/^  PLEXKEY_LOG_LEVEL /m)
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('Exit statuses: plexkey help exit-codes. Environment: plexkey help environment.')
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
    [['help', 'exit-code'], 'There is no command "exit-code". Did you mean `plexkey help exit-codes`? Run `plexkey --help` for the list.'],
    [['--verison'], 'Unknown option "--verison". Did you mean `plexkey --version`? Run `plexkey --help` for the commands.'],
    [['-V'], 'Unknown option "-V". Did you mean `plexkey --version`? Run `plexkey --help` for the commands.'],
    [['--frob'], 'Unknown option "--frob". Run `plexkey --help` for the commands.'],
    [['exec'], 'exec needs a command after `--`: plexkey exec [--server <server>] -- <command> [args…]'],
    [['exec', 'env'], 'Put `--` before the command to run: plexkey exec -- env'],
    [['exec', 'ls', '-la'], 'Put `--` before the command to run: plexkey exec -- ls -la'],
    [['exec', '--server', 'Basement', 'python3', 'recently added.py'], "Put `--` before the command to run: plexkey exec --server Basement -- python3 'recently added.py'"],
    [['exec', '--server=Basement', 'sh', '-c', "echo '$PLEX_URL'"], "Put `--` before the command to run: plexkey exec --server=Basement -- sh -c 'echo '\\''$PLEX_URL'\\'''"],
    [['exec', 'printf', '\u001b]0;x\u0007'], "Put `--` before the command to run: plexkey exec -- printf '\\x1b]0;x\\x07'"],
    [['exec', '--sever', 'x', 'ls'], 'Unknown option "--sever". Did you mean --server? Run `plexkey exec --help` for the options.'],
    [['exec', '--server', 'Basement', '--'], 'exec needs a command after `--`: plexkey exec [--server <server>] -- <command> [args…]'],
    [['token', 'extra'], 'Unexpected argument "extra": plexkey token takes options only. Run `plexkey token --help` for the options.'],
    [['token', '--server'], '--server needs a value: plexkey token --server <server>. Run `plexkey token --help` for the options.'],
    [['login', '--timeout'], '--timeout needs a value: plexkey login --timeout <seconds>. Run `plexkey login --help` for the options.'],
    [
      ['exec', '--server', '-x', '--', 'env'],
      '--server needs a value: plexkey exec --server <server>. A value that starts with "-" is written --server=-value. Run `plexkey exec --help` for the options.',
    ],
    [['status', '--json=yes'], '--json takes no value. Run `plexkey status --help` for the options.'],
    [['devices', 'revoke'], 'revoke needs one device, by id or exact name: plexkey devices revoke <device>. Run `plexkey devices` for the list.'],
    [['devices', 'revoke', 'a', 'b'], 'revoke needs one device, by id or exact name: plexkey devices revoke <device>. Run `plexkey devices` for the list.'],
    [['devices', 'revokee', 'x'], 'devices has no action "revokee". Did you mean `plexkey devices revoke`? Run `plexkey devices --help`.'],
    [['devices', '--yes'], '--yes goes with revoke: plexkey devices revoke <device> --yes'],
    [['devices', 'revoke', '1', '--json'], '--json goes with the list: plexkey devices --json'],
    [['devices', '--yse'], 'Unknown option "--yse". Did you mean --yes? Run `plexkey devices --help` for the options.'],
    [['tools', 'revoke'], 'revoke needs one tool: plexkey tools revoke <tool>. Run `plexkey tools` for the list.'],
    [['tools', 'revokee', 'x'], 'tools has no action "revokee". Did you mean `plexkey tools revoke`? Run `plexkey tools --help`.'],
    [['tools', 'revoke', 'kometa', '--json'], '--json goes with the list: plexkey tools --json'],
    [['tools', 'revoke', 'a b'], 'tools revoke takes a tool name of letters, digits, - and _, at most 32 characters, not "a b".'],
    [['exec', '--as', '--', 'env'], '--as needs a value: plexkey exec --as <tool>. Run `plexkey exec --help` for the options.'],
    [['exec', '--as', 'kometa', 'env'], 'Put `--` before the command to run: plexkey exec --as kometa -- env'],
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
