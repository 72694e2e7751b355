import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { plexkeyBin, repoRoot } from '../support/cli-world'
import { useCliWorld } from '../support/use-cli-world'
import { gate } from '../support/gate'
import { rawRequest } from '../support/raw-http'
import { forwardUrlOf, RETURN_ADDRESS, withoutForwardUrl } from '../support/return-address'
import { until } from '../support/signin-fixture'
import { decodeModules, modulesOf } from '../support/terminal-qr-reader'
import { screenOf } from '../support/terminal-screen'

const world = useCliWorld()

/**
 * A folder holding an `xdg-open` that records the address it is given in `opened-url`, then runs
 * the shell lines `browser(bin)` make ($1 is the address; none: nothing comes back until the test
 * visits the return page itself).
 */
async function openerOnPath(browser: (bin: string) => string = () => ''): Promise<string> {
  const bin = await mkdtemp(join(world.home, 'bin-'))
  const opener = join(bin, 'xdg-open')
  await writeFile(opener, `#!/bin/sh\nprintf '%s\\n' "$1" > "${bin}/opened-url"\n${browser(bin)}`)
  await chmod(opener, 0o755)
  return bin
}

/**
 * `xdg-open` as a desktop would have it: it hands the address to a browser, here headless
 * Chromium, which runs the hosted page's script exactly as it would run app.plex.tv's. It leaves
 * `opened-url`, the final `dom.html`, and `browser-closed` once Chromium is done.
 */
function browserOnPath(): Promise<string> {
  return openerOnPath(
    (bin) => `timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \\
  --disable-component-update --no-first-run --disable-sync --disable-quic --user-data-dir="${bin}/profile" \\
  --virtual-time-budget=10000 --dump-dom "$1" > "${bin}/dom.html" 2>/dev/null
touch "${bin}/browser-closed"
`,
  )
}

/** The code's row: four characters, and which of 0 and O it holds when it holds either. */
// Indented four spaces; on a narrow terminal a code with its 0/O hint is fitted to the width, indent first.
const CODE_ROW = /^ {0,4}[A-Z0-9]{4}( {3}\(.*\))?$/

/** Every line a process wrote, for the "never the token" checks. */
const allOutput = (result: { stdout: string; stderr: string }): string => result.stdout + result.stderr

describe('plexkey login', () => {
  it('--json: one object per change, approved at plex.tv (through the fake\'s control API), token saved and never printed', async () => {
    const login = world.start(['login', '--no-browser', '--json'])
    const waiting = await login.json((line) => line['kind'] === 'waiting')
    expect(waiting).toMatchObject({ kind: 'waiting', mode: 'browser', renewals: 0 })
    expect(waiting['code']).toMatch(/^[a-z0-9]{25}$/)
    expect(waiting['url']).toMatch(new RegExp(`^${world.fake.authUrl}#\\?clientID=[0-9a-f-]{36}&code=${waiting['code']}&`))
    expect(new Date(String(waiting['expiresAt'])).getTime()).toBeGreaterThan(Date.now())
    expect(world.fake.pins().find((pin) => pin.id === waiting['pinId'])?.strong).toBe(true)

    const token = world.fake.approve(Number(waiting['pinId']), { username: 'alice', uuid: 'a11ce0000001' })
    const signedIn = await login.json((line) => line['kind'] === 'signed-in')
    expect(signedIn).toMatchObject({
      account: { username: 'alice', uuid: 'a11ce0000001' },
      storage: { service: 'plexkey', account: 'token:a11ce0000001' },
    })
    const result = await login.done
    expect(result.code).toBe(0)

    // Every line is JSON, the first says it is starting, and none carries the token.
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string })
    expect(lines.map((line) => line.kind)).toEqual(['starting', 'waiting', 'signed-in'])
    expect(allOutput(result)).not.toContain(token)
    expect(await world.keychainItems()).toEqual({
      accounts: JSON.stringify(['a11ce0000001']),
      active: 'token:a11ce0000001',
      'token:a11ce0000001': JSON.stringify({ username: 'alice', title: 'Plexkey Tester', token }),
    })
  })

  it('opens the sign-in page in the system browser, where a real browser approves it and comes back', async () => {
    const bin = await browserOnPath()
    const result = await world.run(['login'], { DISPLAY: ':0', PATH: `${bin}:${process.env['PATH'] ?? ''}` })
    expect(result.code).toBe(0)
    // One line says the page is open, with the way for another device; the long address is not printed.
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(/^Waiting for approval; the code expires at /),
      'Opened the sign-in page in your browser; or use a code: `plexkey login --link`',
      '',
    ])
    expect(result.stdout).toMatch(/^Signed in to Plex as \S+\.\nThe token is kept in the Secret Service keychain/)
    expect(allOutput(result)).not.toContain('http')
    // The browser got the address intact, every `&` of it, plus the return page on this machine.
    const opened = (await readFile(join(bin, 'opened-url'), 'utf8')).trim()
    const pin = world.fake.pins().at(-1)
    expect(withoutForwardUrl(opened)).toMatch(new RegExp(`^${world.fake.authUrl}#\\?clientID=[0-9a-f-]{36}&code=${pin?.code}&`))
    expect(pin?.strong).toBe(true)
    const back = forwardUrlOf(opened) ?? ''
    expect(back).toMatch(RETURN_ADDRESS)
    // Chromium outlives plexkey (it was started detached); let it finish before the next case.
    await until(() => existsSync(join(bin, 'browser-closed')), 'Chromium to close', 60_000)
    // Plex's page sent the browser back, and the return page said who is signed in.
    const dom = await readFile(join(bin, 'dom.html'), 'utf8')
    expect(dom).toContain('This sign-in is complete; you can close this tab.')
    for (const token of world.fake.tokens()) expect(dom + allOutput(result)).not.toContain(token)
  })

  it('a browser slower than plex.tv: signed in by polling, login waits for it and exits once its page says so', async () => {
    // An opener that only records the address: the "browser" comes back when the test says.
    const bin = await openerOnPath()
    const login = world.start(['login'], { DISPLAY: ':0', PATH: `${bin}:${process.env['PATH'] ?? ''}` })
    await login.line((line) => line.startsWith('Opened the sign-in page in your browser;'))
    // The opener runs detached: it may not have written the address, or all of it, yet.
    const recorded = join(bin, 'opened-url')
    await until(() => existsSync(recorded) && readFileSync(recorded, 'utf8').endsWith('\n'), 'the opener')
    const opened = readFileSync(recorded, 'utf8').trim()
    const code = new URLSearchParams(opened.split('#?')[1]).get('code') ?? ''
    world.fake.approve(code, { username: 'slow-browser' })
    // plex.tv approved; the browser has not come back yet, and a poll notices first.
    await login.line((line) => line === 'Signed in to Plex as slow-browser.')
    // The return page is served by login itself: that it answers shows login waited for the browser.
    const page = await rawRequest(forwardUrlOf(opened) ?? '')
    expect(page.body).toContain('This sign-in is complete; you can close this tab.')
    // Its page said so: login ends now, not when its wait for a browser (5 s) would have run out.
    const deadline = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 2_000).unref())
    expect(await Promise.race([login.done.then(() => 'exited'), deadline])).toBe('exited')
    const result = await login.done
    expect(result.code).toBe(0)
    expect(result.stderr).not.toMatch(/error|fail/i)
  })

  it('--no-browser opens nothing and leaves the return page out: the address may be used on any device', async () => {
    const bin = await browserOnPath()
    const login = world.start(['login', '--no-browser', '--json'], {
      DISPLAY: ':0',
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      PLEXKEY_LOG_LEVEL: 'info',
    })
    const waiting = await login.json((line) => line['kind'] === 'waiting')
    expect(forwardUrlOf(String(waiting['url']))).toBeNull()
    world.fake.approve(Number(waiting['pinId']))
    const result = await login.done
    expect(result.code).toBe(0)
    expect(existsSync(join(bin, 'opened-url'))).toBe(false)
    expect(allOutput(result)).toContain('sign-in started')
    expect(allOutput(result)).not.toMatch(/return page|forwardUrl|127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}/)
  })

  it.each([
    ['without a display', {}, 'there is no display'],
    ['in an SSH session, display or not', { DISPLAY: ':0', SSH_CONNECTION: '192.0.2.7 50022 192.0.2.1 22' }, 'this is an SSH session'],
  ])('%s it takes the code way itself: a short code for another device, nothing opened, no return page', async (_, env, why) => {
    const bin = await openerOnPath()
    const login = world.start(['login'], { ...env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, PLEXKEY_LOG_LEVEL: 'info' })
    await login.line((line) => line === `No browser here (${why}), so here is a code for another device.`)
    const code = (await login.line((line) => CODE_ROW.test(line))).trim().slice(0, 4)
    expect(world.fake.pins().find((pin) => pin.code === code)?.strong).toBe(false)
    world.fake.approve(code)
    const result = await login.done
    expect(result.code).toBe(0)
    expect(existsSync(join(bin, 'opened-url'))).toBe(false)
    expect(result.stderr).not.toMatch(/https?:\/\/(?!plex\.tv\/link)/)
    expect(result.stderr).toContain('sign-in started')
    expect(result.stderr).not.toContain('return page')
    // --json says the same: why no browser, then the code way.
    await world.run(['logout'])
    const json = world.start(['login', '--json'], env)
    expect(await json.json((line) => line['kind'] === 'browser')).toEqual({ kind: 'browser', outcome: 'skipped', why })
    world.fake.approve(Number((await json.json((line) => line['kind'] === 'waiting' && line['mode'] === 'link'))['pinId']))
    expect((await json.done).code).toBe(0)
  })

  it('--no-browser without a display keeps the browser way: the address is what was asked for', async () => {
    const login = world.start(['login', '--no-browser'])
    await login.line((line) => line === 'Sign in to Plex on this page:')
    const address = (await login.line((line) => line.startsWith('  http://'))).trim()
    expect(forwardUrlOf(address)).toBeNull()
    world.fake.approve(new URLSearchParams(address.split('#?')[1]).get('code') ?? '')
    const result = await login.done
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`  ${address}\n`)
    expect(result.stdout).not.toContain('http')
  })

  it('--link to a pipe: the code and plex.tv/link on stderr, no QR code and no escapes, then signs in', async () => {
    const login = world.start(['login', '--link'])
    await login.line((line) => line === 'Enter this code at https://plex.tv/link:')
    const code = (await login.line((line) => CODE_ROW.test(line))).trim().slice(0, 4)
    await login.line((line) => line.startsWith('Waiting for approval; the code expires at'))
    expect(world.fake.pins().find((pin) => pin.code === code)?.strong).toBe(false)

    world.fake.approve(code, { username: 'bob', uuid: 'b0b000000002' })
    const result = await login.done
    expect(result.code).toBe(0)
    // A QR code is drawn with colour escapes: in a file or another program it would be noise.
    expect(allOutput(result)).not.toContain('\x1b')
    expect(allOutput(result)).not.toMatch(/[▀▄█]/)
    expect(allOutput(result)).not.toContain('QR code')
    expect(result.stderr).toContain(`Enter this code at https://plex.tv/link:\n\n    ${code}`)
    // stdout has the outcome only.
    expect(result.stdout).toBe('Signed in to Plex as bob.\nThe token is kept in the Secret Service keychain,\nservice "plexkey", account "token:b0b000000002".\n')
  })

  // A terminal 24 rows high, at 80 columns and at 40, rebuilt as it shows the output of both
  // streams, wrapping and scrolling included.
  it.each([80, 40])(
    'on a %i-column terminal: a QR code, a live line through failing polls and a renewal, and no stale row once approved',
    async (columns) => {
      // Only the first code is short-lived: it is renewed after 2 s (never in the first half of its life).
      world.fake.setNextPinLifetime(4)
      // Every poll fails until the test approves: the live line is at its longest meanwhile.
      world.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 503 })
      const size = { columns, rows: 24 }
      // script(1) gives the command a pseudo-terminal, as an interactive shell would; stty sizes it.
      const command = `stty cols ${columns} rows 24; exec ${process.execPath} ${plexkeyBin} login --link`
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: repoRoot, env: world.env(), stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
      const RETRYING = columns === 80 ? /^plex\.tv did not answer; trying again in 0:0\d \(code expires in \d+:\d\d\)$/ : /^Retrying in 0:0\d; code expires in \d+:\d\d$/
      const renewedAndRetrying = (): boolean => {
        const screen = screenOf(out, size)
        return screen[0] === 'The code expired, so here is a new one.' && RETRYING.test(screen.at(-2) ?? '')
      }
      let shown = false
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString()
            try {
              shown ||= renewedAndRetrying()
              if (shown) resolve()
            } catch (error) {
              reject(error)
            }
          })
          void exited.then((code) => reject(new Error(`login ended (${code}) before a renewed code was shown:\n${screenOf(out, size).join('\n')}`)))
        })
      } finally {
        // A failure here must not leave a login running.
        if (!shown) child.kill()
      }
      try {
        const renewed = screenOf(out, size)
        // One block on the screen, whole: the new code and a QR code that scans to it, the expired
        // one erased, the live line in one row below them.
        const code = renewed.find((row) => CODE_ROW.test(row))?.trim().slice(0, 4) ?? ''
        expect(renewed.slice(0, 4)).toEqual(['The code expired, so here is a new one.', 'Enter this code at https://plex.tv/link:', '', expect.stringMatching(CODE_ROW)])
        expect(renewed.filter((row) => CODE_ROW.test(row))).toHaveLength(1)
        expect(renewed.filter((row) => row === 'or scan this QR code with your phone:')).toHaveLength(1)
        const qr = renewed.filter((row) => /^[ ▀▄█]+$/.test(row) && /[▀▄█]/.test(row))
        expect(decodeModules(modulesOf(qr))).toContain(`pin=${code}`)
        expect(renewed.filter((row) => row.includes('expires in'))).toHaveLength(1)
        // The code is bold.
        expect(out).toContain(`\x1b[1m${code}\x1b[22m`)

        world.fake.approve(code)
        world.fake.clearFaults()
        expect(await exited).toBe(0)
        const final = screenOf(out, size)
        expect(final.slice(0, 5)).toEqual([
          'The code expired, so here is a new one.',
          'Enter this code at https://plex.tv/link:',
          '',
          expect.stringMatching(CODE_ROW),
          expect.stringMatching(/^Signed in to Plex as \S+\.$/),
        ])
        expect(final.slice(5).join('')).toMatch(/^The token is kept in the Secret Service keychain,service "plexkey", account "token:\w+"\.$/)
      } finally {
        // A failure above must leave neither a login running nor its failing polls for the next test.
        world.fake.clearFaults()
        child.kill()
      }
    },
  )

  it('renews the code when it expires and says the code changed', async () => {
    // A PIN is renewed 30 s before it expires, but never in the first half of its life: a 4 s PIN
    // is renewed after 2 s. Only the first one is that short, so the new one waits for approval.
    world.fake.setNextPinLifetime(4)
    const login = world.start(['login', '--link', '--json'])
    const first = await login.json((line) => line['kind'] === 'waiting')
    const second = await login.json((line) => line['kind'] === 'waiting' && line['renewals'] === 1)
    expect(second['code']).not.toBe(first['code'])
    expect(second['pinId']).not.toBe(first['pinId'])
    world.fake.approve(String(second['code']))
    expect((await login.done).code).toBe(0)

    world.fake.setNextPinLifetime(4)
    await world.run(['logout'])
    const human = world.start(['login', '--link'])
    await human.line((line) => line === 'The code expired, so here is a new one.')
    human.child.kill('SIGINT')
    expect((await human.done).code).toBe(130)
  })

  it('gives up when the code has expired too many times (exit 5)', async () => {
    world.fake.setLifetimes({ strongSec: 2 })
    const login = world.start(['login', '--no-browser', '--json'])
    const result = await login.done
    expect(result.code).toBe(5)
    expect(result.stderr).toBe('The code expired too many times without being approved. Run `plexkey login` to try again.\n')
    const renewals = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; renewals?: number })
      .filter((line) => line.kind === 'waiting')
      .map((line) => line.renewals)
    expect(renewals).toEqual([0, 1, 2, 3])
  })

  it('a failing poll shows when it is tried again, and the sign-in carries on', async () => {
    world.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 503, times: 1 })
    const login = world.start(['login', '--no-browser', '--json'])
    const notice = await login.json((line) => line['kind'] === 'waiting' && line['retry'] !== undefined)
    expect(notice['retry']).toMatchObject({ code: 'plex-error', message: 'plex.tv answered with an error (HTTP 503: Service Unavailable).' })
    world.fake.approve(Number(notice['pinId']))
    expect((await login.done).code).toBe(0)

    await world.run(['logout'])
    world.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 503, times: 1 })
    const human = world.start(['login', '--no-browser'])
    await human.line((line) => /^plex\.tv answered with an error \(HTTP 503: Service Unavailable\)\. Trying again in \d+:\d\d\.$/.test(line))
    human.child.kill('SIGINT')
    expect((await human.done).code).toBe(130)
  })

  it('Ctrl-C cancels at once: exit 130, and no request leaves afterwards', async () => {
    // Polls are held until the end, so Ctrl-C lands with one in flight.
    const polls = gate()
    world.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', holdUntil: polls.opened })
    try {
      const login = world.start(['login', '--no-browser', '--json'])
      const waiting = await login.json((line) => line['kind'] === 'waiting')
      const pinPath = `/api/v2/pins/${waiting['pinId']}`
      await until(() => world.fake.requests.some((request) => request.path === pinPath), 'a poll held at plex.tv')

      // Counted, not timed: a request stamped in the very millisecond of the Ctrl-C came before it.
      const heardBefore = world.fake.requests.length
      login.child.kill('SIGINT')
      const result = await login.done
      expect(result.code).toBe(130)
      expect(result.stderr).toBe('Sign-in cancelled.\n')
      expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '')).toEqual({ kind: 'signed-out', reason: 'cancelled' })
      // The process is gone; once its connections are closed, plex.tv has heard all it ever sent.
      await world.fake.connectionsClosed()
      expect(world.fake.requests.slice(heardBefore).map((r) => `${r.method} ${r.path}`)).toEqual([])
      expect(await world.keychainItems()).toEqual({})
    } finally {
      polls.open()
    }
  })

  it('--timeout gives up when nobody approves in time (exit 5)', async () => {
    const result = await world.run(['login', '--no-browser', '--timeout', '1'])
    expect(result.code).toBe(5)
    // The last words, under the instructions that are on stderr too.
    expect(result.stderr).toMatch(/\nNot approved within 1 seconds, so the sign-in was cancelled\.\n$/)
    expect(await world.keychainItems()).toEqual({})
  })

  it('when already signed in it says so and asks plex.tv for no new code', async () => {
    const first = world.start(['login', '--no-browser', '--json'])
    world.fake.approve(Number((await first.json((line) => line['kind'] === 'waiting'))['pinId']), { username: 'carol' })
    expect((await first.done).code).toBe(0)
    const pinsBefore = world.fake.pins().length

    const again = await world.run(['login', '--no-browser'])
    expect(again.code).toBe(0)
    expect(again.stdout).toBe('Already signed in to Plex as carol. Run `plexkey login --add` to sign in another account as well.\n')
    expect(world.fake.pins().length).toBe(pinsBefore)
  })

  it('replaces a sign-in plex.tv no longer accepts', async () => {
    const first = world.start(['login', '--no-browser', '--json'])
    const old = world.fake.approve(Number((await first.json((line) => line['kind'] === 'waiting'))['pinId']), { uuid: 'd0d000000004' })
    expect((await first.done).code).toBe(0)
    world.fake.revoke(old)

    const login = world.start(['login', '--no-browser', '--json'])
    expect(await login.json()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    const waiting = await login.json((line) => line['kind'] === 'waiting')
    const fresh = world.fake.approve(Number(waiting['pinId']), { uuid: 'd0d000000004' })
    expect((await login.done).code).toBe(0)
    expect(JSON.parse((await world.keychainItems())['token:d0d000000004'] ?? '{}').token).toBe(fresh)
  })

  it('a save the keychain refuses keeps the previous sign-in (exit 4)', async () => {
    const first = world.start(['login', '--no-browser', '--json'])
    const kept = world.fake.approve(Number((await first.json((line) => line['kind'] === 'waiting'))['pinId']), {
      username: 'erin',
      uuid: 'e1e100000005',
    })
    expect((await first.done).code).toBe(0)

    // A locked keyring reads as empty through libsecret, so the sign-in runs; the save then fails.
    await world.keyring.lock()
    const login = world.start(['login', '--no-browser', '--json'])
    world.fake.approve(Number((await login.json((line) => line['kind'] === 'waiting'))['pinId']), { username: 'frank', uuid: 'f7a000000006' })
    const result = await login.done
    expect(result.code).toBe(4)
    expect(result.stderr).toMatch(/^The login keyring is locked\. Unlock it .* and try again\.\n$/)

    await world.keyring.restart() // unlocked again, the items as they were
    expect(await world.keychainItems()).toEqual({
      accounts: JSON.stringify(['e1e100000005']),
      active: 'token:e1e100000005',
      'token:e1e100000005': JSON.stringify({ username: 'erin', title: 'Plexkey Tester', token: kept }),
    })
    const status = await world.run(['status'])
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(/^Signed in to Plex as erin /)
  })
})
