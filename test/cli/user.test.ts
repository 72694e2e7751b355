import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { JWT_SWITCH_REFUSED } from '../../main/core/home/profile-switch'
import { DEFAULT_HOME, HOSTILE_PROFILE_NAME, KID_PIN } from '../fake-plex/home-state'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { signInThroughCli } from '../support/cli-sign-in'
import { plexkeyBin, repoRoot, type RunResult } from '../support/cli-world'
import { useCliWorld } from '../support/use-cli-world'

// `plexkey user` and `--user`: Home profiles through the built CLI, the fake plex.tv's Plex Home
// and the real keychain.

const world = useCliWorld()
/** Every output that is not a token by design (`plexkey token` prints one). */
const outputs: RunResult[] = []

/** The PIN as a leak would show it: on its own, not inside a longer number, uuid or token. */
const PIN_SEEN = new RegExp(`(?<![0-9A-Za-z])${KID_PIN}(?![0-9A-Za-z])`)
const ATTEMPTS_FILE = 'home-pin-attempts.json'
const SWITCH = /^\/api\/v2\/home\/users\/[^/]+\/switch$/

/** Switches the fake answered before this test: it counts them for its whole life. */
let switchesBefore = 0
beforeEach(() => {
  switchesBefore = world.fake.switchCalls()
  world.fake.setHome([...DEFAULT_HOME, { title: HOSTILE_PROFILE_NAME }])
  world.fake.setAdminPinRequired(false)
  world.fake.setJwtSwitchRefused(false)
})
afterAll(() => {
  expect(outputs.length).toBeGreaterThan(0)
  for (const output of outputs) expect(output.stdout + output.stderr).not.toMatch(PIN_SEEN)
  // And no token the fake issued reached an output other than `plexkey token`'s own.
  const tokens = world.fake.issuedTokens()
  for (const output of outputs) for (const token of tokens) expect(output.stdout + output.stderr).not.toContain(token)
})

/** A command whose output is checked for PINs and tokens; with every log line the core writes. */
const run = async (args: readonly string[], stdin?: string): Promise<RunResult> => {
  const result = await world.run(args, { PLEXKEY_LOG_LEVEL: 'debug' }, stdin)
  outputs.push(result)
  return result
}
/** What the last line of stderr says: the log lines come before it. */
const said = (result: RunResult): string => result.stderr.trimEnd().split('\n').at(-1) ?? ''

/** `plexkey token [args]`: the token it prints (checked to be one line and nothing else). */
const tokenOf = async (...args: string[]): Promise<string> => {
  const result = await world.run(['token', ...args])
  expect(result).toMatchObject({ code: 0, stderr: '' })
  expect(result.stdout).toMatch(/^\S+\n$/)
  return result.stdout.trim()
}

const member = (title: string) => {
  const found = world.fake.homeMembers().find((m) => m.title === title)
  if (!found) throw new Error(`no member ${title}`)
  return found
}
/** Whose token it is, as plex.tv says. */
const uuidOfToken = async (token: string): Promise<string> =>
  (JSON.parse((await rawHttp(world.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).text) as { uuid: string }).uuid
const accountUuid = async (): Promise<string> => ((await world.keychainItems())['active'] ?? '').replace(/^token:/, '')
const profilesEntry = async (): Promise<unknown> => {
  const value = (await world.keychainItems())[`profiles:${await accountUuid()}`]
  return value === undefined ? undefined : JSON.parse(value)
}
const activeInList = async (): Promise<string[]> => {
  const listed = JSON.parse((await run(['users', '--json'])).stdout) as { title: string; active: boolean }[]
  return listed.filter((u) => u.active).map((u) => u.title)
}
const switches = (): number => world.fake.switchCalls() - switchesBefore

/** Every process's command line, as any user of the machine can read it. */
async function commandLinesWithPin(): Promise<string[]> {
  const found: string[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const argv = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (PIN_SEEN.test(argv)) found.push(`${pid}: ${argv.replaceAll('\0', ' ')}`)
  }
  return found
}

/** Holds the next switch at the fake until `release` is called; resolves once it has arrived. */
function holdNextSwitch(): { readonly arrived: Promise<void>; readonly release: () => void } {
  let release = (): void => undefined
  world.fake.fault({ path: SWITCH, times: 1, holdUntil: new Promise<void>((resolve) => (release = resolve)) })
  const arrived = vi.waitFor(() => expect(world.fake.requests.some((r) => SWITCH.test(r.path))).toBe(true), { timeout: 10_000, interval: 20 })
  return { arrived, release: () => release() }
}

/** `plexkey <args>` in a pseudo-terminal (script(1)), with what it drew so far. */
function onTerminal(args: string): { readonly child: ChildProcessWithoutNullStreams; screen(): string; shows(text: string): Promise<void>; readonly closed: Promise<number | null> } {
  const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${process.execPath} ${plexkeyBin} ${args}`, '/dev/null'], {
    cwd: repoRoot,
    env: world.env(),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let screen = ''
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()))
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve))
  return {
    child,
    screen: () => screen,
    shows: (text) => vi.waitFor(() => expect(screen).toContain(text), { timeout: 10_000, interval: 20 }),
    closed: closed.then((code) => {
      outputs.push({ code, signal: null, stdout: screen, stderr: '' })
      return code
    }),
  }
}

describe('plexkey user', () => {
  it('an unprotected Home user: minted once from the account token and kept; token, users and status follow it', async () => {
    const ownerToken = await signInThroughCli(world)
    const sam = member('Sam')
    const switched = await run(['user', 'Sam'])
    expect(switched.code).toBe(0)
    expect(switched.stdout).toBe(`Now using the Home profile "Sam".\nBack to the account's own profile: plexkey user --owner\n`)
    expect(switches()).toBe(1)
    const token = await tokenOf()
    expect(token).not.toBe(ownerToken)
    expect(await uuidOfToken(token)).toBe(sam.uuid)
    expect(await profilesEntry()).toEqual({ active: sam.uuid, tokens: { [sam.uuid]: token } })
    expect(await activeInList()).toEqual(['Sam'])
    const status = await run(['status'])
    expect(status.stdout).toContain('Profile:   Sam (a Home user of this account)\n')
    const json = await run(['status', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'signed-in', profile: { uuid: sam.uuid, title: 'Sam' } })
    // Chosen again: the kept token, still taken by plex.tv, with no new mint.
    expect((await run(['user', 'sam'])).code).toBe(0)
    expect(switches()).toBe(1)
    expect(await tokenOf()).toBe(token)
  })

  it("a Home user's servers come with its own tokens; back to the owner, the account's again", async () => {
    await signInThroughCli(world)
    const server = world.fake.mediaServers.find((s) => s.owned)?.name ?? ''
    const ownerServerToken = await tokenOf('--server', server)
    expect((await run(['user', 'Sam'])).code).toBe(0)
    const samServerToken = await tokenOf('--server', server)
    expect(samServerToken).not.toBe(ownerServerToken)
    expect((await run(['user', '--owner'])).code).toBe(0)
    expect(await tokenOf('--server', server)).toBe(ownerServerToken)
  })

  it('a protected user with --pin-stdin: the PIN reaches plex.tv only as the switch query; back to the owner needs no PIN nor plex.tv', async () => {
    const ownerToken = await signInThroughCli(world)
    const robin = member('Robin')
    const switched = await run(['user', 'Robin', '--pin-stdin'], `${KID_PIN}\n`)
    expect(switched.code).toBe(0)
    expect(await uuidOfToken(await tokenOf())).toBe(robin.uuid)
    const seen = world.fake.requests.filter((r) => PIN_SEEN.test(JSON.stringify(r)))
    expect(seen.map((r) => [r.method, r.path, r.query])).toEqual([['POST', `/api/v2/home/users/${robin.uuid}/switch`, { pin: KID_PIN }]])
    expect(JSON.stringify(seen[0]?.headers) + (seen[0]?.body ?? '')).not.toMatch(PIN_SEEN)

    world.fake.clearRequests()
    const back = await run(['user', '--owner'])
    expect(back).toMatchObject({ code: 0, stdout: "Back to the account's own profile.\n" })
    expect(world.fake.requests).toEqual([])
    expect(await tokenOf()).toBe(ownerToken)
    const listed = JSON.parse((await run(['users', '--json'])).stdout) as { uuid: string; active: boolean }[]
    expect(listed.filter((u) => u.active).map((u) => u.uuid)).toEqual([await accountUuid()])
    // Robin's token is kept: choosing Robin again needs no PIN (and there is no terminal to ask on).
    const before = switches()
    expect((await run(['user', 'Robin'])).code).toBe(0)
    expect(switches()).toBe(before)
  })

  it('a protected user with no PIN to be had: exit 6 in one line, plex.tv not asked, nothing changed', async () => {
    await signInThroughCli(world)
    const result = await run(['user', 'Robin'])
    expect(result.code).toBe(6)
    expect(said(result)).toBe('"Robin" needs its PIN, and there is no terminal to ask on: pass it as one line on stdin with --pin-stdin. Nothing was changed.')
    const empty = await run(['user', 'Robin', '--pin-stdin'], '\n')
    expect(empty.code).toBe(6)
    expect(said(empty)).toBe('No PIN was given for "Robin". Nothing was changed.')
    expect(switches()).toBe(0)
    expect(await profilesEntry()).toBeUndefined()
  })

  it('refuses a PIN given as an argument, before anything else, without quoting it', async () => {
    await signInThroughCli(world)
    world.fake.clearRequests()
    for (const args of [['user', 'Robin', '--pin', KID_PIN], ['user', 'Robin', `--pin=${KID_PIN}`], ['token', '--user', 'Robin', '--pin', KID_PIN]]) {
      const result = await world.run(args)
      expect(result.code).toBe(64)
      expect(result.stderr).toBe(
        'A PIN is never taken on the command line, where other users of this computer can read it. Type it when asked, or pass it as one line on stdin with --pin-stdin.\n',
      )
    }
    expect(world.fake.requests).toEqual([])
  })

  it('three wrong PINs in a row, then the right one waits without asking plex.tv, and goes through once the wait is over', async () => {
    await signInThroughCli(world)
    const robin = member('Robin')
    const wrong = 'plex.tv did not accept that PIN for "Robin". Nothing was changed.'
    for (const attempt of [1, 2, 3]) {
      const result = await run(['user', 'Robin', '--pin-stdin'], '0000\n')
      expect(result.code).toBe(6)
      if (attempt < 3) expect(said(result)).toBe(wrong)
      else expect(said(result)).toMatch(/^plex\.tv did not accept that PIN for "Robin"\. Nothing was changed\. Too many wrong PINs in a row: the next try waits until \d\d:\d\d:\d\d \(in [1-5] s\)\.$/)
    }
    expect(switches()).toBe(3)
    const file = join(world.configDir, ATTEMPTS_FILE)
    const kept = JSON.parse(await readFile(file, 'utf8')) as Record<string, { misses: number; lastMissAt: number }>
    const key = `${await accountUuid()} ${robin.uuid}`
    // Counts and times only, never a PIN.
    expect(kept).toEqual({ [key]: { misses: 3, lastMissAt: expect.any(Number) } })

    const waiting = await run(['user', 'Robin', '--pin-stdin'], `${KID_PIN}\n`)
    expect(waiting.code).toBe(6)
    expect(said(waiting)).toMatch(/^Too many wrong PINs in a row for "Robin": the next try waits until \d\d:\d\d:\d\d \(in [1-5] s\)\. Nothing was sent to plex\.tv\.$/)
    expect(switches()).toBe(3)
    expect(await profilesEntry()).toBeUndefined()

    // The wait is over: the last miss is moved back past it, as time would.
    await writeFile(file, JSON.stringify({ [key]: { misses: 3, lastMissAt: (kept[key]?.lastMissAt ?? 0) - 6_000 } }))
    const right = await run(['user', 'Robin', '--pin-stdin'], `${KID_PIN}\n`)
    expect(right.code).toBe(0)
    expect(switches()).toBe(4)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({})
    expect(await activeInList()).toEqual(['Robin'])
  })

  it('a PIN on a terminal is read without echo; no command line holds it while it is asked for or sent', async () => {
    await signInThroughCli(world)
    const asking = onTerminal('user Robin')
    await asking.shows('PIN for "Robin": ')
    expect(await commandLinesWithPin()).toEqual([])
    const held = holdNextSwitch()
    asking.child.stdin.write(`${KID_PIN}\r`)
    await held.arrived
    expect(await commandLinesWithPin()).toEqual([])
    held.release()
    expect(await asking.closed).toBe(0)
    expect(asking.screen()).toContain('Now using the Home profile "Robin".')
    expect(asking.screen()).not.toMatch(PIN_SEEN)
  })

  it('at the PIN prompt Backspace takes back a digit, and Ctrl-C gives up with exit 130, changing nothing', async () => {
    await signInThroughCli(world)
    const corrected = onTerminal('user Robin')
    await corrected.shows('PIN for "Robin": ')
    corrected.child.stdin.write(`9\u007f${KID_PIN}\r`)
    expect(await corrected.closed).toBe(0)
    expect(world.fake.requests.filter((r) => SWITCH.test(r.path)).map((r) => r.query)).toEqual([{ pin: KID_PIN }])
    expect((await run(['user', '--owner'])).code).toBe(0)
    // plex.tv wants a PIN for Sam this once; the person gives up at the prompt.
    world.fake.fault({ path: SWITCH, times: 1, status: 403, body: JSON.stringify({ errors: [{ code: 1041, message: 'A valid PIN is required', status: 403 }] }) })
    const given = onTerminal('user Sam')
    await given.shows('PIN for "Sam": ')
    given.child.stdin.write('12\u0003')
    expect(await given.closed).toBe(130)
    expect(await profilesEntry()).toEqual({ active: null, tokens: { [member('Robin').uuid]: expect.any(String) } })
  })

  it('--pin-stdin: no command line holds the PIN while plex.tv is asked', async () => {
    await signInThroughCli(world)
    const held = holdNextSwitch()
    const switching = world.start(['user', 'Robin', '--pin-stdin'], {}, `${KID_PIN}\n`)
    await held.arrived
    expect(await commandLinesWithPin()).toEqual([])
    held.release()
    const result = await switching.done
    outputs.push(result)
    expect(result.code).toBe(0)
  })

  it('plex.tv asking for a PIN it did not list as needed: asked on the terminal, then switched', async () => {
    await signInThroughCli(world)
    world.fake.fault({ path: SWITCH, times: 1, status: 403, body: JSON.stringify({ errors: [{ code: 1041, message: 'A valid PIN is required', status: 403 }] }) })
    const asking = onTerminal('user Sam')
    await asking.shows('PIN for "Sam": ')
    asking.child.stdin.write('1357\r')
    expect(await asking.closed).toBe(0)
    expect(asking.screen()).not.toContain('1357')
    expect(switches()).toBe(1)
    expect(world.fake.requests.filter((r) => SWITCH.test(r.path)).map((r) => r.query)).toEqual([{}, { pin: '1357' }])
  })

  it('the Home admin asked for its PIN: a member account switches to the owner with it', async () => {
    await signInThroughCli(world)
    const owner = (JSON.parse((await run(['users', '--json'])).stdout) as { uuid: string; title: string }[])[0]
    await world.run(['logout'])
    const sam = member('Sam')
    await signInThroughCli(world, { uuid: sam.uuid, username: sam.username, title: sam.title, email: sam.email })
    world.fake.setAdminPinRequired(true)
    world.fake.setHomePin(owner?.uuid ?? '', KID_PIN)
    const wrong = await run(['user', owner?.title ?? '', '--pin-stdin'], '0000\n')
    expect(wrong.code).toBe(6)
    const right = await run(['user', owner?.title ?? '', '--pin-stdin'], `${KID_PIN}\n`)
    expect(right.code).toBe(0)
    expect(await uuidOfToken(await tokenOf())).toBe(owner?.uuid)
    world.fake.setHomePin(owner?.uuid ?? '', null)
  })

  it("a profile's token plex.tv rejects is minted again, with the PIN only when plex.tv wants one", async () => {
    await signInThroughCli(world)
    const server = world.fake.mediaServers.find((s) => s.owned)?.name ?? ''
    expect((await run(['user', 'Sam'])).code).toBe(0)
    const first = await tokenOf()
    world.fake.revoke(first)
    const servers = await run(['servers', '--json'])
    expect(servers.code).toBe(0)
    const second = await tokenOf()
    expect(second).not.toBe(first)
    expect(await uuidOfToken(second)).toBe(member('Sam').uuid)
    expect(switches()).toBe(2)

    expect((await run(['user', 'Robin', '--pin-stdin'], `${KID_PIN}\n`)).code).toBe(0)
    world.fake.revoke(await tokenOf())
    const noPin = await run(['token', '--server', server])
    expect(noPin).toMatchObject({ code: 6, stdout: '' })
    expect(said(noPin)).toMatch(/^"Robin" needs its PIN/)
    const withPin = await world.run(['token', '--server', server, '--pin-stdin'], {}, `${KID_PIN}\n`)
    expect(withPin.code).toBe(0)
    expect(await uuidOfToken(await tokenOf())).toBe(member('Robin').uuid)
    // Found refused by `user` too: checked, and minted again.
    world.fake.revoke(await tokenOf())
    expect((await run(['user', 'Robin', '--pin-stdin'], `${KID_PIN}\n`)).code).toBe(0)
    expect(await uuidOfToken(await tokenOf())).toBe(member('Robin').uuid)
  })

  it('--user acts as a profile for one call and leaves the active one as it was', async () => {
    const ownerToken = await signInThroughCli(world)
    const sam = await tokenOf('--user', 'SAM')
    expect(await uuidOfToken(sam)).toBe(member('Sam').uuid)
    expect(await tokenOf()).toBe(ownerToken)
    const exec = await world.run(['exec', '--user', 'Robin', '--pin-stdin', '--', process.execPath, '-e', 'process.stdout.write(process.env.PLEX_TOKEN)'], {}, `${KID_PIN}\n`)
    expect(exec.code).toBe(0)
    expect(await uuidOfToken(exec.stdout)).toBe(member('Robin').uuid)
    const status = await run(['status', '--json', '--user', 'Sam'])
    expect(JSON.parse(status.stdout)).toMatchObject({ profile: { title: 'Sam' } })
    expect(await profilesEntry()).toMatchObject({ active: null })
    expect(await tokenOf()).toBe(ownerToken)
    expect((JSON.parse((await run(['status', '--json'])).stdout) as { profile: unknown }).profile).toBeNull()
  })

  it('an unknown user: exit 1 listing the names escaped; a name two users have: exit 64', async () => {
    await signInThroughCli(world)
    const unknown = await run(['user', `Nobody\u001b[2J`])
    expect(unknown.code).toBe(1)
    expect(said(unknown)).toMatch(/^The Plex Home has no user named "Nobody \[2J"\. Its users: "[^"]+", "Robin", "Sam", "Åsa/)
    expect(unknown.stderr).not.toContain('\u001b')
    world.fake.setHome([{ title: 'Twin' }, { title: 'twin' }, { title: 'Twin' }])
    const ambiguous = await run(['user', 'Twin'])
    expect(ambiguous.code).toBe(64)
    expect(said(ambiguous)).toMatch(/^"Twin" names more than one Home user: "Twin" \(\w+\), "Twin" \(\w+\)\. Give the uuid of the one you mean\.$/)
    // Exactly one has this name, case and all: that one.
    expect((await run(['user', 'twin'])).code).toBe(0)
    expect(await activeInList()).toEqual(['twin'])
  })

  it('a Plex JWT sign-in that plex.tv will not switch under: said so, with what works', async () => {
    const run1 = world.start(['login', '--link', '--json', '--auth', 'jwt'])
    const waiting = await run1.json((line) => line['kind'] === 'waiting')
    await world.fake.approveJwt(String(waiting['code']))
    expect((await run1.done).code).toBe(0)
    world.fake.setJwtSwitchRefused(true)
    const refused = await run(['user', 'Sam'])
    expect(refused.code).toBe(1)
    expect(said(refused)).toBe(JWT_SWITCH_REFUSED)
    expect(await profilesEntry()).toBeUndefined()
    // A 401 on the switch while plex.tv still takes the JWT elsewhere is the same refusal.
    world.fake.setJwtSwitchRefused(false)
    world.fake.fault({ path: SWITCH, status: 401, times: 1 })
    const unauthorized = await run(['user', 'Sam'])
    expect(unauthorized.code).toBe(1)
    expect(said(unauthorized)).toBe(JWT_SWITCH_REFUSED)
    expect((await run(['user', 'Sam'])).code).toBe(0)
  })

  it('under a standard token, a 401 on the switch is the account token refused: exit 2, not the JWT sentence', async () => {
    await signInThroughCli(world)
    world.fake.fault({ path: SWITCH, status: 401, times: 1 })
    const refused = await run(['user', 'Sam'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).not.toContain('Plex JWT')
    expect(await profilesEntry()).toBeUndefined()
  })

  it('signing out removes the profiles entry and its tokens', async () => {
    await signInThroughCli(world)
    expect((await run(['user', 'Sam'])).code).toBe(0)
    const uuid = await accountUuid()
    expect(Object.keys(await world.keychainItems())).toContain(`profiles:${uuid}`)
    expect((await world.run(['logout'])).code).toBe(0)
    expect(Object.keys(await world.keychainItems())).not.toContain(`profiles:${uuid}`)
  })
})
