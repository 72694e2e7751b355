import { spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import type { FakeUser } from '../fake-plex/server'
import { plexkeyBin, repoRoot, type RunResult } from '../support/cli-world'
import { useCliWorld } from '../support/use-cli-world'

// The built CLI against a plex.tv (and a keychain) that answers with hostile text: terminal escapes
// in every field it shows, a code no person could type, error bodies that are large or malformed.

const world = useCliWorld()

/**
 * Retitles the terminal, clears it, opens an OSC 8 link, recolours with an 8-bit CSI, reverses
 * text (RLO, LRO, and the marks LRM and RLM), isolates it.
 */
const ESCAPES = '\u001b]0;owned\u0007\u001b[2J\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\\u009b31m\u009d0;x\u009c\u202eevil\u202dlive\u200eltr\u200frtl\u2066\u007f'
/** The same, as the CLI must show it: every control character a visible escape. */
const SHOWN = '\\x1b]0;owned\\x07\\x1b[2J\\x1b]8;;https://evil.example\\x1b\\link\\x1b]8;;\\x1b\\\\x9b31m\\x9d0;x\\x9c\\u202eevil\\u202dlive\\u200eltr\\u200frtl\\u2066\\x7f'
/** Any character that acts on a terminal; a line ends with a plain newline, the only one allowed. */
const ACTS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** Non-ASCII that must come through untouched, beside the escapes that must not act. */
const NAME = 'Zoë 山田 🎬 ada'
const hostileUser: Partial<FakeUser> = {
  username: `${NAME}${ESCAPES}`,
  title: `Ada${ESCAPES}`,
  email: `ada${ESCAPES}@example.com`,
  uuid: 'ada0000000000001',
}

function expectInert(result: Pick<RunResult, 'stdout' | 'stderr'>): void {
  expect(result.stdout).not.toMatch(ACTS)
  expect(result.stderr).not.toMatch(ACTS)
  // No crash either: no stack trace, no unhandled error.
  expect(result.stderr).not.toMatch(/\n\s+at |Unhandled|node:internal/)
}

/** Signs in through the CLI (human output, piped) as `user`; returns the finished login. */
async function signIn(user: Partial<FakeUser>): Promise<RunResult> {
  const login = world.start(['login', '--no-browser'])
  await login.line((line) => line.startsWith('Waiting for approval'))
  const pin = world.fake.pins().at(-1)
  if (!pin) throw new Error('no PIN')
  world.fake.approve(pin.id, user)
  return login.done
}

describe('escape sequences from plex.tv are shown, never obeyed', () => {
  it('in login, status, status --json, login when already signed in, and logout', async () => {
    const login = await signIn(hostileUser)
    expect(login.code).toBe(0)
    expectInert(login)
    expect(login.stdout).toContain(`Signed in to Plex as ${NAME}${SHOWN}.\n`)

    const status = await world.run(['status'])
    expect(status.code).toBe(0)
    expectInert(status)
    // Escaped, then cut to fit 80 columns as the terminal draws it (山田 and 🎬 take two each).
    const lines = status.stdout.trimEnd().split('\n')
    expect(lines[0]?.startsWith(`Signed in to Plex as ${NAME}${SHOWN.slice(0, 10)}`)).toBe(true)
    expect(lines[0]?.endsWith('… — plex.tv accepts the token.')).toBe(true)
    expect(lines.find((line) => line.startsWith('Account: '))).toMatch(/^Account: {3}ada\\x1b\]0;owned\\x07/)
    expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([])

    // --json stays JSON: the same values, every control written as a \u escape.
    const json = await world.run(['status', '--json'])
    expectInert(json)
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'signed-in', account: { username: hostileUser.username, email: hostileUser.email, title: hostileUser.title } })

    const again = await world.run(['login', '--no-browser'])
    expectInert(again)
    expect(again.stdout).toContain(`Already signed in to Plex as ${NAME}${SHOWN}.`)
    const againJson = await world.run(['login', '--json'])
    expectInert(againJson)
    expect(JSON.parse(againJson.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ account: { username: hostileUser.username } })

    const logout = await world.run(['logout'])
    expectInert(logout)
    expect(logout.stdout).toBe(`Signed out of Plex as ${NAME}${SHOWN}. The token was removed from the keychain.\n`)
  })

  it('in an account uuid the keychain cannot take: the refusal quotes it escaped', async () => {
    const login = await signIn({ ...hostileUser, uuid: `u${ESCAPES}` })
    expect(login.code).not.toBe(0)
    expectInert(login)
    expect(login.stderr).toContain(`u${SHOWN}`)
    expect(await world.keychainItems()).toEqual({})
  })

  it('in plex.tv\'s error text, from JSON and from XML', async () => {
    world.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, body: JSON.stringify({ errors: [{ code: 1, message: `bad${ESCAPES}` }] }) })
    const fromJson = await world.run(['login', '--link', '--no-browser'])
    expectInert(fromJson)
    expect(fromJson.stderr).toMatch(/^plex\.tv answered with an error \(HTTP 400: bad /)
    world.fake.clearFaults()
    world.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, body: '<errors><error code="1" message="bad&#27;]0;owned&#7;&#155;31m&#x202E;x"/></errors>' })
    const fromXml = await world.run(['login', '--json'])
    expectInert(fromXml)
    expect(JSON.parse(fromXml.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/HTTP 400: bad \]0;owned 31m x/) } })
  })

  it('in the error text of a failed poll, shown while login keeps waiting', async () => {
    world.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 500, times: 1, body: JSON.stringify({ errors: [{ code: 1, message: `busy${ESCAPES}` }] }) })
    const login = world.start(['login', '--no-browser'])
    const retry = await login.line((line) => line.includes('Trying again in'))
    expect(retry).toMatch(/^plex\.tv answered with an error \(HTTP 500: busy /)
    const pin = world.fake.pins().at(-1)
    if (!pin) throw new Error('no PIN')
    world.fake.approve(pin.id, { username: 'pat', uuid: 'pa70000000000001' })
    const result = await login.done
    expect(result.code).toBe(0)
    expectInert(result)
  })

  it('in a saved sign-in that another program wrote to the keychain', async () => {
    await world.keyring.storeItem('token:k1', JSON.stringify({ username: `kay${ESCAPES}`, token: 'not-a-token-plex-knows' }))
    await world.keyring.storeItem('active', 'token:k1')
    // plex.tv cannot be reached: status shows the account as the keychain has it.
    world.fake.fault({ path: '/api/v2/user', drop: true })
    const status = await world.run(['status'])
    expectInert(status)
    expect(status.stdout).toContain(`Signed in to Plex as kay${SHOWN.slice(0, 8)}`)
    world.fake.clearFaults()
    const logout = await world.run(['logout'])
    expect(logout.code).toBe(0)
    expectInert(logout)
    expect(logout.stdout).toContain(`kay${SHOWN}`)
  })
})

describe('answers no real plex.tv would give', () => {
  it.each([
    ['a 2,400-character code', 'A'.repeat(2400)],
    ['a code with a terminal escape', `7R${ESCAPES}`],
  ])('a PIN with %s is an answer Plexkey cannot read: never shown, never drawn', async (_, code) => {
    const pin = { id: 1272322473, code, clientIdentifier: 'x', expiresIn: 900, authToken: null }
    world.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 201, body: JSON.stringify(pin) })
    for (const args of [['login', '--link', '--no-browser', '--timeout', '1'], ['login', '--link', '--json', '--timeout', '1']]) {
      const result = await world.run(args)
      expectInert(result)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('plex.tv sent an answer Plexkey could not read (expected fields were missing or wrong).')
      expect(result.stdout + result.stderr).not.toContain('AAAAAAAAAA')
      expect(result.stdout + result.stderr).not.toContain('owned')
    }
  })

  it('a 401 whose XML names a character beyond Unicode still ends the sign-in: the token is removed', async () => {
    await signIn({ username: 'eve', uuid: 'e7e0000000000001' })
    world.fake.fault({ path: '/api/v2/user', status: 401, body: '<errors><error code="1001" message="gone &#99999999; &#x110000;"/></errors>' })
    const status = await world.run(['status'])
    expectInert(status)
    expect(status.code).toBe(2)
    expect(await world.keychainItems()).toEqual({})
  })

  it('a 64 KB error body full of near-tokens is read, cut and shown in one short sentence', async () => {
    const message = `${'token-'.repeat(5000)}${'a-'.repeat(15_000)}${ESCAPES}`
    world.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, body: JSON.stringify({ errors: [{ code: 9, message }] }) })
    const login = await world.run(['login', '--json'], { PLEXKEY_LOG_LEVEL: 'debug' })
    expectInert(login)
    expect(login.code).toBe(1)
    const last = JSON.parse(login.stdout.trim().split('\n').at(-1) ?? '') as { kind: string; error: { message: string } }
    expect(last.kind).toBe('error')
    expect(last.error.message).toMatch(/^plex\.tv answered with an error \(HTTP 400: .+\)\.$/)
    expect(last.error.message.length).toBeLessThan(200)
    expect(login.stderr.length).toBeLessThan(4096)
  })
})

describe('stdout that cannot be written', () => {
  /** Runs plexkey with stdout given by `stdout`; collects stderr. */
  function plexkeyWith(args: readonly string[], stdout: 'closed-pipe' | number): Promise<RunResult> {
    const child = spawn(process.execPath, [plexkeyBin, ...args], {
      cwd: repoRoot,
      env: world.env(),
      stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'],
    })
    // Closed before the process (which takes far longer to start) writes a byte: every write is EPIPE.
    if (stdout === 'closed-pipe') child.stdout?.destroy()
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout: '', stderr })))
  }

  it('a reader that went away ends the command quietly, with its own status', async () => {
    expect(await plexkeyWith(['--help'], 'closed-pipe')).toEqual({ code: 0, signal: null, stdout: '', stderr: '' })
    await signIn({ username: 'hal', uuid: '6a10000000000001' })
    expect(await plexkeyWith(['status', '--json'], 'closed-pipe')).toEqual({ code: 0, signal: null, stdout: '', stderr: '' })
    expect(await plexkeyWith(['token'], 'closed-pipe')).toEqual({ code: 0, signal: null, stdout: '', stderr: '' })
  })

  it('login stops once nobody reads it, as `plexkey login --json | head -1` wants', async () => {
    let release = (): void => undefined
    world.fake.fault({ path: '/api/v2/pins', method: 'POST', times: 1, holdUntil: new Promise<void>((resolve) => (release = resolve)) })
    const login = world.start(['login', '--json', '--no-browser'])
    await login.json((line) => line['kind'] === 'starting')
    login.child.stdout?.destroy()
    release()
    const result = await login.done
    // As a shell reports a command a closed pipe ended, not Ctrl-C's 130.
    expect(result.code).toBe(141)
    expect(result.stderr).toBe('')
    expect(await world.keychainItems()).toEqual({})
  })

  it('a full disk is one sentence and exit 1', async () => {
    const full = openSync('/dev/full', 'w')
    const sentence = 'plexkey could not write its output (no space left on the device).\n'
    expect(await plexkeyWith(['--help'], full)).toMatchObject({ code: 1, stderr: sentence })
    expect(await plexkeyWith(['status', '--json'], full)).toMatchObject({ code: 1, stderr: sentence })
    await signIn({ username: 'ivy', uuid: '1v70000000000001' })
    expect(await plexkeyWith(['status', '--json'], full)).toMatchObject({ code: 1, stderr: sentence })
    expect(await plexkeyWith(['token'], full)).toMatchObject({ code: 1, stderr: sentence })
  })
})
