import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile } from 'node:fs/promises'
import type { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { signInThroughCli } from '../support/cli-sign-in'
import { type CliWorld, plexkeyBin, repoRoot, type RunResult, startCliWorld } from '../support/cli-world'

// `plexkey exec`: the built CLI runs a real command, against the fake plex.tv's Media Servers.

let world: CliWorld
let accountToken: string

beforeAll(async () => {
  world = await startCliWorld()
  accountToken = await signInThroughCli(world, { username: 'eve', uuid: 'e5e000000001' })
})
afterAll(async () => {
  await world?.stop()
})
beforeEach(() => {
  world.fake.clearMediaRequests()
})

const NODE = process.execPath
const PLEX_VARIABLES = ['PLEX_TOKEN', 'PLEX_URL', 'PLEXAPI_AUTH_SERVER_BASEURL', 'PLEXAPI_AUTH_SERVER_TOKEN']

/** Prints the Plex variables it was given as one JSON line. */
const REPORT = `const seen = {}; for (const k of ${JSON.stringify(PLEX_VARIABLES)}) if (k in process.env) seen[k] = process.env[k]; console.log(JSON.stringify(seen))`

/** Asks the server at PLEX_URL for its root with PLEX_TOKEN, as a tool would, and prints the status. */
const CALL_SERVER = `fetch(process.env.PLEX_URL + '/', { headers: { 'X-Plex-Token': process.env.PLEX_TOKEN } }).then((r) => console.log(JSON.stringify({ status: r.status })))`

/** Says it is ready, then waits; `onTerm` decides what a SIGTERM does. */
const waiting = (marker: string, onTerm: string): string =>
  `/* ${marker} */ ${onTerm}; setInterval(() => undefined, 1000); console.log(JSON.stringify({ ready: process.pid }))`

/**
 * Counts the SIGINTs it gets and says so; sent SIGTERM, prints the count and exits 0. Its first
 * line names its parent (plexkey). Free of quotes and dollars, so a shell passes it unchanged.
 */
const COUNT_SIGINTS = [
  'let n = 0',
  "process.on('SIGINT', () => { n += 1; console.log('SIGINT ' + n) })",
  "process.on('SIGTERM', () => { console.log('count ' + n); process.exit(0) })",
  'setInterval(() => undefined, 1000)',
  "console.log('ready ' + process.ppid)",
].join('; ')

/** What a process wrote to stdout so far, and a wait for the first time it matches. */
function watch(child: ChildProcessByStdio<Writable, Readable, null>): {
  text(): string
  until(pattern: RegExp): Promise<RegExpExecArray>
} {
  let text = ''
  const waiters = new Set<() => void>()
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString()
    for (const waiter of [...waiters]) waiter()
  })
  return {
    text: () => text,
    until: (pattern) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = (): void => {
          const found = pattern.exec(text)
          if (found) {
            waiters.delete(check)
            resolve(found)
          } else if (child.exitCode !== null) {
            waiters.delete(check)
            reject(new Error(`exited before ${String(pattern)}:\n${text}`))
          }
        }
        waiters.add(check)
        check()
      }),
  }
}

const jsonOf = (result: RunResult): Record<string, unknown> => JSON.parse(result.stdout) as Record<string, unknown>

/** Every process's command line on this machine, as anyone can read it. */
async function allCommandLines(): Promise<readonly string[]> {
  const lines: string[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    // A process may end between the listing and the read.
    const text = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    if (text) lines.push(text.replaceAll('\u0000', ' '))
  }
  return lines
}

describe('plexkey exec', () => {
  it('hands the account token in PLEX_TOKEN, and nothing else, without --server', async () => {
    const ran = await world.run(['exec', '--', NODE, '-e', REPORT])
    expect(ran).toMatchObject({ code: 0, stderr: '' })
    expect(jsonOf(ran)).toEqual({ PLEX_TOKEN: accountToken })
  })

  it('--server: the best address and that server’s token, which only the proven server ever receives', async () => {
    const lookalike = world.fake.mediaServer('Lookalike')
    const chosen = lookalike.connections[1]?.uri
    const report = await world.run(['exec', '--server', 'lookalike', '--', NODE, '-e', REPORT])
    expect(report.code).toBe(0)
    expect(jsonOf(report)).toEqual({
      PLEX_TOKEN: lookalike.accessToken,
      PLEX_URL: chosen,
      PLEXAPI_AUTH_SERVER_BASEURL: chosen,
      PLEXAPI_AUTH_SERVER_TOKEN: lookalike.accessToken,
    })
    const call = await world.run(['exec', '--server', 'Lookalike', '--', NODE, '-e', CALL_SERVER])
    expect(jsonOf(call)).toEqual({ status: 200 })
    // The impostor at the local address answered /identity, and never saw a token.
    const impostor = lookalike.connections[0]?.uri
    expect(world.fake.mediaRequests().some((r) => r.uri === impostor && r.path === '/identity')).toBe(true)
    const withToken = world.fake.mediaRequests().filter((r) => r.token !== null)
    expect(withToken.map((r) => [r.uri, r.path, r.token])).toEqual([[chosen, '/', lookalike.accessToken]])
  })

  it('exits with the command’s status; an unknown command is 127; an unreachable server 3, before anything runs', async () => {
    expect(await world.run(['exec', '--', NODE, '-e', 'process.exit(7)'])).toMatchObject({ code: 7 })
    const missing = await world.run(['exec', '--', '/nonexistent/plexkey-test-command'])
    expect(missing).toMatchObject({ code: 127, stdout: '', stderr: 'Command not found: /nonexistent/plexkey-test-command\n' })
    const offline = await world.run(['exec', '--server', 'Attic', '--', NODE, '-e', 'console.log("ran")'])
    expect(offline).toMatchObject({ code: 3, stdout: '' })
    expect(offline.stderr).toMatch(/^Attic is offline/)
  })

  it('puts no token in any process’s command line, and passes signals on to the command', async () => {
    const basement = world.fake.mediaServer('Basement')
    const marker = `plexkey-exec-test-${process.pid}`
    const run = world.start(['exec', '--server', 'Basement', '--', NODE, '-e', waiting(marker, "process.on('SIGTERM', () => { console.log(JSON.stringify({ got: 'SIGTERM' })); process.exit(9) })")])
    await run.json((line) => 'ready' in line)
    const lines = await allCommandLines()
    // The scan does see both processes.
    expect(lines.some((line) => line.includes(marker))).toBe(true)
    expect(lines.some((line) => line.includes('exec --server Basement'))).toBe(true)
    for (const line of lines) {
      expect(line).not.toContain(accountToken)
      expect(line).not.toContain(basement.accessToken)
    }
    run.child.kill('SIGTERM')
    const result = await run.done
    expect(result).toMatchObject({ code: 9, signal: null })
    expect(result.stdout).toContain('{"got":"SIGTERM"}')
  })

  it('is 128+n when signal n ended the command, as a shell reports it', async () => {
    const run = world.start(['exec', '--', NODE, '-e', waiting('plain', 'undefined')])
    await run.json((line) => 'ready' in line)
    run.child.kill('SIGINT')
    expect(await run.done).toMatchObject({ code: 130, signal: null })
  })

  // plexkey handles its signals in the order they come and passes SIGTERM on, so the count the
  // command reports on SIGTERM includes any SIGINT plexkey passed on before it.
  it('Ctrl-C typed in a terminal reaches the command once, straight from the terminal', async () => {
    // script(1) gives plexkey and the command a real terminal; Ctrl-C (\x03) written to its stdin
    // is typed there, and the terminal sends SIGINT to its whole foreground group. script runs the
    // line with $SHELL -c; `exec` takes that shell out of the group (dash, the /bin/sh a machine
    // without SHELL gets, would otherwise stay, and die of the Ctrl-C itself).
    const typed = spawn('script', ['-qfec', `exec ${NODE} ${plexkeyBin} exec -- ${NODE} -e "${COUNT_SIGINTS}"`, '/dev/null'], {
      cwd: repoRoot,
      env: world.env(),
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const screen = watch(typed)
    const plexkeyPid = Number((await screen.until(/ready (\d+)/))[1])
    typed.stdin.write('\x03')
    await screen.until(/SIGINT 1/)
    process.kill(plexkeyPid, 'SIGTERM')
    const [code] = (await once(typed, 'close')) as [number | null]
    expect(screen.text()).toMatch(/count 1\b/)
    expect(code).toBe(0)
  })

  it('SIGINT sent to plexkey alone, outside a terminal, is passed on once', async () => {
    const run = world.start(['exec', '--', NODE, '-e', COUNT_SIGINTS])
    await run.line((line) => line.startsWith('ready '))
    run.child.kill('SIGINT')
    // The count is asked for only once the SIGINT has arrived (a SIGINT plexkey kept to itself
    // never does): two signals sent back to back can reach the command's handlers in either order,
    // as seen on a loaded machine.
    await run.line((line) => line === 'SIGINT 1')
    run.child.kill('SIGTERM')
    const result = await run.done
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/\nSIGINT 1\ncount 1\n$/)
  })

  it('not signed in: exit 1, and the command never runs', async () => {
    await world.run(['logout'])
    expect(await world.run(['exec', '--', NODE, '-e', 'console.log("ran")'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'Not signed in to Plex. Run `plexkey login` first.\n',
    })
  })
})
