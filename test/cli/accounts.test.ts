import stringWidth from 'string-width'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { HOSTILE_PROFILE_NAME, LONG_PROFILE_NAME, SECOND_ACCOUNT } from '../fake-plex/home-state'
import { signInThroughCli } from '../support/cli-sign-in'
import type { RunResult } from '../support/cli-world'
import { useCliWorld } from '../support/use-cli-world'

// Several plex.tv accounts: `login --add`, `accounts`, `switch`, `logout [--account]` and
// `--account` for one call, the built CLI against the fake plex.tv and the real keychain.

const world = useCliWorld()
const outputs: RunResult[] = []

const run = async (args: readonly string[], extra?: Readonly<Record<string, string | undefined>>): Promise<RunResult> => {
  const result = await world.run(args, extra)
  outputs.push(result)
  return result
}

/** `plexkey token`, whose stdout is a token on purpose: kept out of the outputs checked for tokens. */
const token = async (...args: readonly string[]): Promise<RunResult> => {
  const result = await world.run(['token', ...args])
  outputs.push({ ...result, stdout: '' })
  return result
}

interface Listed {
  readonly uuid: string
  readonly username: string
  readonly title: string
  readonly active: boolean
}

async function listed(): Promise<Listed[]> {
  const result = await run(['accounts', '--json'])
  expect(result.stderr).toBe('')
  return JSON.parse(result.stdout) as Listed[]
}

/** The three accounts of most tests: the default one, a second with a long name, a third with a hostile one. */
const LONG = { username: 'long.name', title: LONG_PROFILE_NAME }
const HOSTILE = { username: 'mallory', title: HOSTILE_PROFILE_NAME }

interface Signed {
  readonly first: string
  readonly long: string
  readonly hostile: string
}

/** Signs in the default account, then adds the other two; the hostile one ends active. */
async function threeAccounts(): Promise<Signed> {
  const first = await signInThroughCli(world)
  const long = await signInThroughCli(world, LONG, ['--add'])
  const hostile = await signInThroughCli(world, HOSTILE, ['--add'])
  return { first, long, hostile }
}

beforeEach(async () => {
  // `logout` (the usual reset) signs out only the active account: start from an empty keychain.
  for (const account of Object.keys(await world.keychainItems())) await world.keyring.secretTool('clear', 'service', 'plexkey', 'account', account)
})

afterAll(() => {
  // No output of these commands, error or not, ever carried a token the fake issued.
  const tokens = world.fake.issuedTokens()
  expect(tokens.length).toBeGreaterThan(5)
  for (const output of outputs) for (const token of tokens) expect(output.stdout + output.stderr).not.toContain(token)
})

describe('plexkey login --add and plexkey accounts', () => {
  it('adds accounts beside the one signed in, each made active, and lists them most recent first', async () => {
    const signed = await threeAccounts()
    const accounts = await listed()
    expect(accounts.map((a) => [a.username, a.title, a.active])).toEqual([
      ['mallory', HOSTILE_PROFILE_NAME, true],
      ['long.name', LONG_PROFILE_NAME, false],
      ['plexkey-tester', 'Plexkey Tester', false],
    ])
    // The JSON stays inert on a terminal: the hostile title's controls are \u escapes.
    const raw = (await run(['accounts', '--json'])).stdout
    expect(raw).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/)
    expect(raw).toContain('\\u001b]0;pwned')
    // Every account's token is kept, each under its own entry, and still valid at plex.tv.
    const items = await world.keychainItems()
    expect(items['accounts']).toBe(JSON.stringify(accounts.map((a) => a.uuid)))
    expect(items['active']).toBe(`token:${accounts[0]?.uuid}`)
    for (const token of Object.values(signed)) expect(world.fake.tokens()).toContain(token)
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/users/signout')).toHaveLength(0)
    expect((await token()).stdout).toBe(`${signed.hostile}\n`)
  })

  it('draws a table that marks the active one, the names cleaned and cut to fit', async () => {
    await threeAccounts()
    const accounts = await listed()
    const table = await run(['accounts'], { COLUMNS: '80' })
    expect(table).toMatchObject({ code: 0, stderr: '' })
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ {3}ACCOUNT +USERNAME +UUID$/)
    expect(lines).toHaveLength(4)
    expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/)
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80)
    // Most recent first, the active one marked, and each uuid whole (switch and --account take it).
    expect(lines[1]?.startsWith('*  ')).toBe(true)
    expect(lines[1]).toContain('mallory')
    expect(lines[2]?.startsWith('   ')).toBe(true)
    expect(lines[2]).toContain('…')
    expect(lines[3]).toContain('Plexkey Tester')
    accounts.forEach((account, i) => expect(lines[i + 1]).toContain(account.uuid))
    // A narrow terminal: the names give way, never past the width.
    const narrow = await run(['accounts'], { COLUMNS: '50' })
    for (const line of narrow.stdout.trimEnd().split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(50)
  })

  it('none signed in: exit 1, with [] for --json and one line otherwise', async () => {
    expect(await run(['accounts', '--json'])).toMatchObject({ code: 1, stdout: '[]\n', stderr: '' })
    expect(await run(['accounts'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'No account is signed in to Plexkey. Run `plexkey login` to sign in.\n',
    })
  })

  it('adding an account already signed in refreshes its token and makes it active again', async () => {
    const first = await signInThroughCli(world)
    await signInThroughCli(world, SECOND_ACCOUNT, ['--add'])
    const again = await signInThroughCli(world, {}, ['--add'])
    expect(again).not.toBe(first)
    const accounts = await listed()
    expect(accounts.map((a) => [a.username, a.active])).toEqual([
      ['plexkey-tester', true],
      [SECOND_ACCOUNT.username, false],
    ])
    expect((await token()).stdout).toBe(`${again}\n`)
  })

  it('a plain login while signed in changes nothing and points at --add', async () => {
    await signInThroughCli(world)
    const before = await world.keychainItems()
    const login = await run(['login', '--no-browser'])
    expect(login).toMatchObject({ code: 0, stdout: 'Already signed in to Plex as plexkey-tester. Run `plexkey login --add` to sign in another account as well.\n' })
    expect(await world.keychainItems()).toEqual(before)
  })

  it('an install from before there were several accounts lists its one account, and keeps it when another is added', async () => {
    const kept = await signInThroughCli(world)
    const uuid = (await listed())[0]?.uuid ?? ''
    // As an older Plexkey left it: no title in the entry, no list of accounts.
    for (const account of Object.keys(await world.keychainItems())) await world.keyring.secretTool('clear', 'service', 'plexkey', 'account', account)
    await world.keyring.storeItem(`token:${uuid}`, JSON.stringify({ username: 'plexkey-tester', token: kept }))
    await world.keyring.storeItem('active', `token:${uuid}`)
    expect(await listed()).toEqual([{ uuid, username: 'plexkey-tester', title: 'plexkey-tester', active: true }])
    await signInThroughCli(world, SECOND_ACCOUNT, ['--add'])
    expect((await listed()).map((a) => [a.username, a.active])).toEqual([
      [SECOND_ACCOUNT.username, true],
      ['plexkey-tester', false],
    ])
    expect((await token('--account', 'plexkey-tester')).stdout).toBe(`${kept}\n`)
  })

  it('a damaged list of accounts is a clear error (exit 4) that loses no token; the active account still works', async () => {
    const { hostile } = await threeAccounts()
    await world.keyring.storeItem('accounts', '\u001b]0;pwned\u0007{not json')
    const before = await world.keychainItems()
    world.fake.clearRequests()
    for (const args of [['accounts'], ['switch', 'long.name'], ['logout', '--account', 'long.name'], ['status', '--account', 'long.name']]) {
      const result = await run(args)
      expect(result.code).toBe(4)
      expect(result.stderr).toContain('The keychain entry "accounts" is not a list of Plexkey accounts (not JSON).')
      expect(result.stderr).toContain('secret-tool clear service plexkey account accounts')
      expect(result.stderr).not.toContain('pwned')
    }
    const add = world.start(['login', '--add', '--no-browser', '--json'])
    const added = await add.done
    outputs.push(added)
    expect(added.code).toBe(4)
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/pins')).toHaveLength(0)
    expect(await world.keychainItems()).toEqual(before)
    expect(await token()).toMatchObject({ code: 0, stdout: `${hostile}\n` })
    // Doing as the message says brings the list back: the active account alone, then the others as they are added.
    await world.keyring.secretTool('clear', 'service', 'plexkey', 'account', 'accounts')
    expect((await listed()).map((a) => a.username)).toEqual(['mallory'])
  })
})

describe('plexkey switch', () => {
  it('takes a uuid, a username, a title, or any of them in another case', async () => {
    await threeAccounts()
    const [hostile, , first] = await listed()
    const activeName = async (): Promise<string | undefined> => (await listed()).find((a) => a.active)?.username

    expect(await run(['switch', first?.uuid ?? ''])).toMatchObject({ code: 0, stdout: 'Switched to Plexkey Tester (plexkey-tester).\n', stderr: '' })
    expect(await activeName()).toBe('plexkey-tester')
    const byUsername = await run(['switch', 'long.name'])
    expect(byUsername.code).toBe(0)
    expect(byUsername.stdout).toBe(`Switched to ${LONG_PROFILE_NAME} (long.name).\n`)
    expect(await activeName()).toBe('long.name')
    expect((await run(['switch', 'Plexkey Tester'])).code).toBe(0)
    expect(await activeName()).toBe('plexkey-tester')
    expect((await run(['switch', LONG_PROFILE_NAME.toLowerCase()])).code).toBe(0)
    expect(await activeName()).toBe('long.name')
    expect((await run(['switch', (hostile?.uuid ?? '').toUpperCase()])).code).toBe(0)
    expect(await activeName()).toBe('mallory')
    // Most recently used first: every switch moved the order.
    expect((await listed()).map((a) => a.username)).toEqual(['mallory', 'long.name', 'plexkey-tester'])
    expect(await run(['switch', 'MALLORY'])).toMatchObject({ code: 0, stdout: expect.stringContaining('is already the active account.') })
  })

  it('an unknown account is exit 1 naming the accounts, escaped; nothing changes', async () => {
    await threeAccounts()
    const before = await world.keychainItems()
    const result = await run(['switch', 'nobody\u001b[2J'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('No account signed in to Plexkey is "nobody\\x1b[2J". The accounts: ')
    expect(result.stderr).toContain('"Plexkey Tester" (plexkey-tester, ')
    expect(result.stderr).toContain('(long.name, ')
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(await world.keychainItems()).toEqual(before)
  })

  it('a name two accounts share is exit 64, naming both; the uuid then chooses', async () => {
    await signInThroughCli(world, { username: 'twin.one', title: 'Twins' })
    await signInThroughCli(world, { username: 'twin.two', title: 'twins' }, ['--add'])
    // Exactly, one title fits: that one is taken.
    expect((await run(['switch', 'Twins'])).code).toBe(0)
    // Without regard to case, both fit: neither is guessed.
    const result = await run(['switch', 'TWINS'])
    expect(result.code).toBe(64)
    expect(result.stderr).toContain('"TWINS" names more than one account: ')
    expect(result.stderr).toContain('(twin.one, ')
    expect(result.stderr).toContain('(twin.two, ')
    expect(result.stderr).toContain('Give the uuid of the one you mean.')
    expect((await listed()).find((a) => a.active)?.username).toBe('twin.one')
  })
})

describe('--account for one call', () => {
  it('token, status and exec speak for the named account; the active one stays', async () => {
    const { first, hostile } = await threeAccounts()
    const before = await world.keychainItems()
    expect(await token('--account', 'plexkey-tester')).toMatchObject({ code: 0, stdout: `${first}\n`, stderr: '' })
    const status = await run(['status', '--json', '--account', 'PLEXKEY TESTER'])
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'signed-in', account: { username: 'plexkey-tester' } })
    // The command compares what it was handed with what the test expects, both in its environment only.
    const compare = 'process.exit(process.env.PLEX_TOKEN === process.env.EXPECTED_TOKEN ? 0 : 9)'
    const exec = await run(['exec', '--account', 'plexkey-tester', '--', process.execPath, '-e', compare], { EXPECTED_TOKEN: first })
    expect(exec.code).toBe(0)
    expect(await world.keychainItems()).toEqual(before)
    expect(await token()).toMatchObject({ code: 0, stdout: `${hostile}\n` })
    expect((await token('--account', 'nobody')).code).toBe(1)
    expect((await run(['servers', '--account', 'nobody'])).code).toBe(1)
    expect((await run(['url', 'Basement', '--account', 'nobody'])).code).toBe(1)
  })

  it('a token plex.tv refuses for the named account is removed; the active account is untouched', async () => {
    const { first, hostile } = await threeAccounts()
    world.fake.revoke(first)
    const status = await run(['status', '--account', 'plexkey-tester'])
    expect(status.code).toBe(2)
    const accounts = await listed()
    expect(accounts.map((a) => [a.username, a.active])).toEqual([
      ['mallory', true],
      ['long.name', false],
    ])
    expect(await token()).toMatchObject({ code: 0, stdout: `${hostile}\n` })
  })
})

describe('plexkey logout with several accounts', () => {
  it('signing out the active account makes the most recently used other one active, and says so', async () => {
    const { hostile, long } = await threeAccounts()
    const result = await run(['logout'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('Signed out of Plex as mallory. The token was removed from the keychain.\n')
    expect(result.stderr).toBe(`${LONG_PROFILE_NAME} (long.name) is the active account now.\n`)
    expect(world.fake.tokens()).not.toContain(hostile)
    expect((await listed()).map((a) => [a.username, a.active])).toEqual([
      ['long.name', true],
      ['plexkey-tester', false],
    ])
    expect(await token()).toMatchObject({ code: 0, stdout: `${long}\n` })
    const items = await world.keychainItems()
    expect(Object.keys(items).some((name) => name.includes(HOSTILE.username))).toBe(false)
  })

  it('--account signs out that account only; the active one stays, and nothing is said of it', async () => {
    const { first, long, hostile } = await threeAccounts()
    const result = await run(['logout', '--account', 'long.name'])
    expect(result).toMatchObject({ code: 0, stdout: 'Signed out of Plex as long.name. The token was removed from the keychain.\n', stderr: '' })
    expect(world.fake.tokens()).not.toContain(long)
    expect(world.fake.tokens()).toContain(first)
    expect((await listed()).map((a) => [a.username, a.active])).toEqual([
      ['mallory', true],
      ['plexkey-tester', false],
    ])
    expect(await token()).toMatchObject({ code: 0, stdout: `${hostile}\n` })
    expect((await run(['logout', '--account', 'long.name'])).code).toBe(1)
  })

  it('the last account signed out leaves nothing of Plexkey in the keychain', async () => {
    await signInThroughCli(world)
    await signInThroughCli(world, SECOND_ACCOUNT, ['--add'])
    expect((await run(['logout'])).stderr).toBe('Plexkey Tester (plexkey-tester) is the active account now.\n')
    expect(await run(['logout'])).toMatchObject({ code: 0, stderr: '' })
    expect(await world.keychainItems()).toEqual({})
    expect(await run(['logout'])).toMatchObject({ code: 0, stdout: 'Not signed in to Plex; nothing to do.\n' })
  })
})
