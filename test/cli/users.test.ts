import stringWidth from 'string-width'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { parseCommandLine } from '../../main/cli/args'
import { safeLabel } from '../../main/core/servers/server-text'
import { DEFAULT_HOME, HOSTILE_PROFILE_NAME, LONG_PROFILE_NAME } from '../fake-plex/home-state'
import { signInThroughCli } from '../support/cli-sign-in'
import type { RunResult } from '../support/cli-world'
import { useCliWorld } from '../support/use-cli-world'

// `plexkey users`: the built CLI against the fake plex.tv's Plex Home, with the real keychain.

const world = useCliWorld()
const outputs: RunResult[] = []

const HOME_USERS = '/api/v2/home/users'
const READ_FAILED = 'The Plex Home users could not be read from plex.tv.'
const NO_HOME = 'This plex.tv account has no Plex Home, so it has no other profiles.\n'

beforeEach(() => {
  // The default Home, and a member as hostile as plex.tv could send.
  world.fake.setHome([...DEFAULT_HOME, { title: HOSTILE_PROFILE_NAME }])
  world.fake.setNoHomeAnswer('alone')
})
afterAll(() => {
  // Neither the table, the JSON, an error nor a debug log ever carried a token the fake issued.
  const tokens = world.fake.issuedTokens()
  expect(tokens.length).toBeGreaterThan(3)
  for (const output of outputs) for (const token of tokens) expect(output.stdout + output.stderr).not.toContain(token)
})

const run = async (args: readonly string[], extra?: Readonly<Record<string, string | undefined>>): Promise<RunResult> => {
  const result = await world.run(args, extra)
  outputs.push(result)
  return result
}

/** `plexkey users` as a table, in a pipe that says how wide to be. */
const table = async (columns: number): Promise<string[]> => {
  const result = await run(['users'], { COLUMNS: String(columns) })
  expect(result).toMatchObject({ code: 0, stderr: '' })
  return result.stdout.trimEnd().split('\n')
}

/** The name cell of a row: between the mark and the first gap before the yes/no columns. */
const nameCell = (row: string): string => /^.  (.*?) {2,}(yes|no) /.exec(row)?.[1] ?? ''

describe('plexkey users', () => {
  it('--json: one array of the Home, the owner first and active; exactly six fields each, never a token or a PIN', async () => {
    await signInThroughCli(world)
    const result = await run(['users', '--json'])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    // The hostile name reaches a terminal inert, and a JSON reader exactly as plex.tv sent it.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/)
    const users = JSON.parse(result.stdout) as Record<string, unknown>[]
    for (const user of users) expect(Object.keys(user)).toEqual(['uuid', 'title', 'admin', 'protected', 'restricted', 'active'])
    const members = world.fake.homeMembers()
    expect(users.slice(1).map((u) => u['uuid'])).toEqual(members.map((m) => m.uuid))
    expect(users.map((u) => [u['title'], u['admin'], u['protected'], u['restricted'], u['active']])).toEqual([
      [users[0]?.['title'], true, false, false, true],
      ['Robin', false, true, true, false],
      ['Sam', false, false, false, false],
      [LONG_PROFILE_NAME, false, false, false, false],
      [HOSTILE_PROFILE_NAME, false, false, false, false],
    ])
  })

  it('as a table fit to 80 columns: the active profile marked, the admin, PIN and restricted; names escaped and cut with …', async () => {
    await signInThroughCli(world)
    const owner = (JSON.parse((await run(['users', '--json'])).stdout) as { title: string }[])[0]?.title ?? ''
    const result = await run(['users'], { COLUMNS: undefined })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(6)
    expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([])
    expect(lines[0]).toMatch(/^ {3}PROFILE +ADMIN +PIN +RESTRICTED$/)
    expect(lines[1]).toMatch(new RegExp(`^\\*  ${owner} +yes +no +no$`))
    expect(lines[2]).toMatch(/^ {3}Robin +no +yes +yes$/)
    expect(lines[3]).toMatch(/^ {3}Sam +no +no +no$/)
    // Nothing plex.tv sent acts on the terminal: no escape, no bidi override.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200f\u202a-\u202e]/)
    // Both long names are cut to 40 columns at most (a wide character is two), each a prefix of the name as shown.
    for (const [index, title] of [LONG_PROFILE_NAME, HOSTILE_PROFILE_NAME].entries()) {
      const row = lines[4 + index] ?? ''
      expect(row).toMatch(/ no +no +no$/)
      const name = nameCell(row)
      expect(name).toMatch(/…$/)
      expect(safeLabel(title).startsWith(name.slice(0, -1))).toBe(true)
      expect(stringWidth(name)).toBeGreaterThanOrEqual(39)
      expect(stringWidth(name)).toBeLessThanOrEqual(40)
    }
    expect(nameCell(lines[5] ?? '')).toMatch(/^\]0;pwned <b>Kid<\/b> dlihc "'& \[2Jü+…$/)
    // The columns line up as a terminal draws them: ADMIN's yes/no starts at the same column on every row.
    const adminAt = lines.map((line) => stringWidth(line.slice(0, line.search(/ (ADMIN|yes|no) /) + 1)))
    expect(new Set(adminAt).size).toBe(1)
  })

  it('at 40 columns every line fits: the names give way, the yes/no columns stay whole', async () => {
    await signInThroughCli(world)
    const lines = await table(40)
    expect(lines.filter((line) => stringWidth(line) > 40)).toEqual([])
    expect(lines[0]).toMatch(/^ {3}PROFILE +ADMIN +PIN +RESTRICTED$/)
    expect(lines[2]).toMatch(/^ {3}Robin +no +yes +yes$/)
    for (const [index, title] of [LONG_PROFILE_NAME, HOSTILE_PROFILE_NAME].entries()) {
      const name = nameCell(lines[4 + index] ?? '')
      expect(name).toMatch(/…$/)
      expect(safeLabel(title).startsWith(name.slice(0, -1))).toBe(true)
      expect(stringWidth(name)).toBeLessThan(20)
    }
  })

  it.each(['alone', 'error'] as const)('an account with no Plex Home (plex.tv answers %s): exit 1, one line; [] for --json', async (answer) => {
    world.fake.setHome(null)
    world.fake.setNoHomeAnswer(answer)
    await signInThroughCli(world)
    expect(await run(['users'])).toEqual({ code: 1, signal: null, stdout: '', stderr: NO_HOME })
    expect(await run(['users', '--json'])).toEqual({ code: 1, signal: null, stdout: '[]\n', stderr: NO_HOME })
    expect(world.fake.requests.filter((r) => r.path === HOME_USERS)).toHaveLength(2)
  })

  it('not signed in: exit 1 and how to sign in, without asking plex.tv', async () => {
    for (const args of [['users'], ['users', '--json']]) {
      expect(await run(args)).toEqual({ code: 1, signal: null, stdout: '', stderr: 'Not signed in to Plex. Run `plexkey login` first.\n' })
    }
    expect(world.fake.requests.filter((r) => r.path === HOME_USERS)).toEqual([])
  })

  it('plex.tv rejecting the token: exit 2, as servers', async () => {
    world.fake.revoke(await signInThroughCli(world))
    const users = await run(['users', '--json'])
    expect(users).toMatchObject({ code: 2, stdout: '' })
    expect(users.stderr).toBe(`${READ_FAILED}\nplex.tv no longer accepts this sign-in. Please sign in again.\n`)
    const servers = await run(['servers', '--json'])
    expect(servers.code).toBe(2)
    expect(servers.stderr.split('\n')[1]).toBe(users.stderr.split('\n')[1])
  })

  it.each([
    ['429', { status: 429 }],
    ['a dropped connection', { drop: true }],
  ])('plex.tv answering %s: exit 3, as servers', async (_, fault) => {
    await signInThroughCli(world)
    world.fake.fault({ path: HOME_USERS, ...fault })
    world.fake.fault({ path: '/api/v2/resources', ...fault })
    const users = await run(['users'])
    expect(users).toMatchObject({ code: 3, stdout: '' })
    expect(users.stderr.startsWith(`${READ_FAILED}\n`)).toBe(true)
    const servers = await run(['servers'])
    expect(servers.code).toBe(3)
    expect(servers.stderr.split('\n')[1]).toBe(users.stderr.split('\n')[1])
  })

  it('logs at debug level without a token', async () => {
    await signInThroughCli(world)
    const result = await run(['users', '--json'], { PLEXKEY_LOG_LEVEL: 'debug' })
    expect(result.code).toBe(0)
    // The log is there to be checked: it names the Home call.
    expect(result.stderr).toContain(HOME_USERS)
  })

  it('takes --json and nothing else; a near miss is named', () => {
    expect(parseCommandLine(['users'])).toEqual({ ok: true, command: { kind: 'users', json: false } })
    expect(parseCommandLine(['users', '--json'])).toEqual({ ok: true, command: { kind: 'users', json: true } })
    expect(parseCommandLine(['users', 'Robin'])).toMatchObject({ ok: false, message: expect.stringMatching(/^Unexpected argument "Robin"/) })
    expect(parseCommandLine(['users', '--jsn'])).toMatchObject({ ok: false, message: expect.stringContaining('Did you mean --json?') })
    expect(parseCommandLine(['usrs'])).toMatchObject({ ok: false, message: expect.stringContaining('Did you mean `plexkey users`?') })
    expect(parseCommandLine(['user'])).toMatchObject({ ok: false, message: expect.stringMatching(/^user needs one Home user/) })
    expect(parseCommandLine(['user', 'Robin', '--owner'])).toMatchObject({ ok: false, message: expect.stringMatching(/^Give a Home user or --owner, not both/) })
    expect(parseCommandLine(['user', '--owner'])).toEqual({ ok: true, command: { kind: 'user', name: null, pinStdin: false } })
    expect(parseCommandLine(['user', 'Robin', '--pin-stdin'])).toEqual({ ok: true, command: { kind: 'user', name: 'Robin', pinStdin: true } })
  })
})
