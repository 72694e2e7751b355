import { spawn } from 'node:child_process'
import stringWidth from 'string-width'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { signInThroughCli } from '../support/cli-sign-in'
import { safeLabel } from '../../main/core/servers/server-text'
import { type CliWorld, plexkeyBin, repoRoot, type RunResult, startCliWorld } from '../support/cli-world'

// `plexkey servers`, `url` and `token --server`: the built CLI against the fake plex.tv's Media
// Servers (live, slow, silent, refused and impostor addresses, all on 127.0.0.1).

let world: CliWorld
let accountToken: string
const outputs: RunResult[] = []

beforeAll(async () => {
  world = await startCliWorld()
  accountToken = await signInThroughCli(world, { username: 'sam', uuid: 's4m000000001' })
})
afterAll(async () => {
  // Only `token --server` may print a server token; nothing ever printed the account token.
  for (const output of outputs) {
    expect(output.stdout + output.stderr).not.toContain(accountToken)
    for (const server of world.fake.mediaServers) expect(output.stdout + output.stderr).not.toContain(server.accessToken)
  }
  await world?.stop()
})
beforeEach(() => {
  world.fake.clearMediaRequests()
})

const run = async (args: readonly string[], extra?: Readonly<Record<string, string | undefined>>): Promise<RunResult> => {
  const result = await world.run(args, extra)
  outputs.push(result)
  return result
}
const uriOf = (server: string, index: number): string => world.fake.mediaServer(server).connections[index]?.uri ?? ''

/** `plexkey servers` as a table, in a pipe that says how wide to be. */
const table = async (columns: number, ...args: string[]): Promise<string[]> => {
  const result = await world.run(['servers', ...args], { COLUMNS: String(columns) })
  outputs.push(result)
  expect(result).toMatchObject({ code: 0, stderr: '' })
  return result.stdout.trimEnd().split('\n')
}

/** The sentences under the table, each unwrapped to one line again. */
const reasonsOf = (lines: readonly string[]): string[] =>
  lines
    .slice(lines.indexOf('') + 1)
    .join('\n')
    .replace(/\n {2}/g, ' ')
    .split('\n')

describe('plexkey servers', () => {
  it('--json: one JSON array, each server with owner, state, chosen address, its kind and round-trip time; never a token', async () => {
    const result = await run(['servers', '--json'])
    expect(result.code).toBe(0)
    // The hostile name reaches the terminal escaped, and a JSON reader exactly as plex.tv sent it.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/)
    expect(result.stdout.endsWith(']\n')).toBe(true)
    const lines = JSON.parse(result.stdout) as Record<string, unknown>[]
    expect(lines.map((l) => [l['name'], l['owned'], l['state'], l['connection'] ?? null])).toEqual([
      ['Basement', true, 'online', 'local'],
      ['Cabin', true, 'online', 'remote'],
      ['Lookalike', true, 'online', 'remote'],
      // Its remote address is slow, far beyond the grace: the relay, which answered, is taken.
      ['cabin', false, 'online', 'relay'],
      ['Attic', true, 'offline', null],
      ['Garage', true, 'unreachable', null],
      [world.fake.mediaServers[6]?.name, false, 'offline', null],
    ])
    expect(lines[0]).toMatchObject({ clientIdentifier: world.fake.mediaServer('Basement').clientIdentifier, url: uriOf('Basement', 0) })
    expect(lines[0]?.['rttMs']).toEqual(expect.any(Number))
    expect(lines[1]?.['url']).toBe(uriOf('Cabin', 2))
    expect(lines[2]?.['url']).toBe(uriOf('Lookalike', 1))
    expect(lines[5]?.['tried']).toEqual([
      { uri: uriOf('Garage', 0), kind: 'local', failure: 'refused' },
      { uri: uriOf('Garage', 1), kind: 'remote', failure: 'wrong-server' },
    ])
    // Probing needs no token, so no address got one; a shared server's local address was never asked.
    expect(world.fake.mediaRequests().length).toBeGreaterThan(5)
    for (const request of world.fake.mediaRequests()) expect(request).toMatchObject({ path: '/identity', token: null })
    expect(world.fake.mediaRequests().map((r) => r.uri)).not.toContain(uriOf('cabin', 0))
  })

  it('as a table fit to 80 columns where no width is known, names stripped of escapes, then why each unusable server is so', async () => {
    const result = await run(['servers'], { COLUMNS: undefined })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([])
    expect(lines[0]).toMatch(/^SERVER +OWNER +STATE +VIA +ADDRESS +TIME$/)
    // At 80 columns the name gives way before the address does.
    expect(lines[1]).toMatch(new RegExp(`^Basement +owned +online +local +${uriOf('Basement', 0)} +\\d+ ms$`))
    expect(lines[5]).toMatch(/^Attic +owned +offline$/)
    expect(lines[6]).toMatch(/^Garage +owned +unreachable$/)
    // Its name is cut with … where the address needs the room (how much depends on the times).
    expect(lines[7]).toMatch(/^\]0;pwned Ünïcödé [^ ]*… +shared +offline$/)
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/)
    // Each offline or unreachable server gets the sentence `plexkey url` gives, wrapped to the width.
    const reasons = reasonsOf(lines)
    expect(reasons).toHaveLength(3)
    for (const [index, name] of (['Attic', 'Garage'] as const).entries()) {
      const url = await run(['url', name])
      expect(reasons[index]).toBe(url.stderr.trimEnd())
    }
    expect(reasons[2]).toMatch(/ is offline: plex\.tv has not heard from it lately\. Nothing was tried: /)
  })

  it.each([80, 60, 40])('at %i columns every line fits, long addresses cut with …', async (columns) => {
    const lines = await table(columns)
    expect(lines.filter((line) => stringWidth(line) > columns)).toEqual([])
    expect(lines[0]).toMatch(/^SERVER +(OWNER +)?STATE +(VIA +)?ADDRESS( +TIME)?$/)
    const basement = lines[1] ?? ''
    expect(basement).toMatch(/^Basement +(owned +)?online +/)
    const shown = basement.split(/ +/).find((cell) => cell.startsWith('http')) ?? ''
    // Whole, or its start cut with … — never some other address.
    if (shown.endsWith('…')) expect(uriOf('Basement', 0).startsWith(shown.slice(0, -1))).toBe(true)
    else expect(shown).toBe(uriOf('Basement', 0))
    if (columns === 40) expect(shown).toMatch(/…$/)
    // The sentences under the table fit too, every word of them there.
    expect(reasonsOf(lines)[0]).toMatch(/^Attic is offline: plex\.tv has not heard from it lately\. Tried /)
  })

  it('--wide: every address and name whole, whatever the width', async () => {
    const lines = await table(40, '--wide')
    expect(lines[1]).toMatch(new RegExp(`^Basement +owned +online +local +${uriOf('Basement', 0)} +\\d+ ms$`))
    const hostile = lines[7] ?? ''
    expect(hostile.startsWith(safeLabel(world.fake.mediaServers[6]?.name ?? ''))).toBe(true)
    const url = await run(['url', 'Garage'])
    expect(reasonsOf(lines)[1]).toBe(url.stderr.trimEnd())
    expect(lines).toContain(url.stderr.trimEnd())
  })

  it('on a terminal, fits the terminal’s own width', async () => {
    // script(1) gives the command a pseudo-terminal, here one of 50 columns.
    const child = spawn('script', ['-qfec', `stty cols 50 rows 24; exec ${process.execPath} ${plexkeyBin} servers`, '/dev/null'], {
      cwd: repoRoot,
      env: world.env({ COLUMNS: undefined }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    expect(await new Promise((resolve) => child.once('close', resolve))).toBe(0)
    const lines = out.replace(/\r\n/g, '\n').trimEnd().split('\n')
    expect(lines[0]).toMatch(/^SERVER +/)
    expect(lines.filter((line) => stringWidth(line) > 50)).toEqual([])
    expect(Math.max(...lines.map((line) => stringWidth(line)))).toBeGreaterThan(40)
  })

  it('lines its columns up as a terminal draws them, wide characters and all, and bounds the names', async () => {
    const lines = await table(120)
    // Where the OWNER column starts on screen, in terminal columns, on every line.
    const ownerAt = lines.slice(0, 8).map((line) => stringWidth(line.slice(0, line.search(/ (OWNER|owned|shared) /) + 1)))
    expect(new Set(ownerAt)).toEqual(new Set([ownerAt[0]]))
    expect(ownerAt[0]).toBeLessThanOrEqual(42)
    // The hostile name holds 山田の (two columns each): it is the one cut, to 40 columns.
    expect(lines[7]).toMatch(/^\]0;pwned Ünïcödé 山田の revres \[2Jx+… +shared/)
    expect(stringWidth(lines[7]?.split('  ')[0] ?? '')).toBe(40)
  })
})

describe('plexkey url', () => {
  it('prints the best base URL: by name without regard to case, or by identifier', async () => {
    expect(await run(['url', 'Basement'])).toMatchObject({ code: 0, stdout: `${uriOf('Basement', 0)}\n`, stderr: '' })
    expect(await run(['url', 'LOOKALIKE'])).toMatchObject({ code: 0, stdout: `${uriOf('Lookalike', 1)}\n` })
    expect(await run(['url', world.fake.mediaServer('cabin').clientIdentifier])).toMatchObject({ code: 0, stdout: `${uriOf('cabin', 2)}\n` })
  })

  it('an unknown name is exit 1 with the names; an ambiguous one exit 64 with the candidates', async () => {
    const unknown = await run(['url', 'Nowhere'])
    expect(unknown).toMatchObject({ code: 1, stdout: '' })
    expect(unknown.stderr).toMatch(/^There is no server named "Nowhere"\. The account's servers: "Basement", "Cabin", "Lookalike", "cabin", "Attic", "Garage", "\]0;pwned/)
    // Even the exact name of one: the shared "cabin" must not take the name from the owned "Cabin".
    for (const name of ['CABIN', 'cabin']) {
      const ambiguous = await run(['url', name])
      expect(ambiguous).toMatchObject({ code: 64, stdout: '' })
      expect(ambiguous.stderr).toBe(
        `"${name}" names more than one server: "Cabin" (${world.fake.mediaServer('Cabin').clientIdentifier}), "cabin" (${world.fake.mediaServer('cabin').clientIdentifier}). Give the identifier of the one you mean.\n`,
      )
    }
  })

  it('offline or unreachable: exit 3 and a sentence naming every address tried', async () => {
    expect(await run(['url', 'Attic'])).toEqual({
      code: 3,
      signal: null,
      stdout: '',
      stderr: `Attic is offline: plex.tv has not heard from it lately. Tried ${uriOf('Attic', 0)} (local: refused), ${uriOf('Attic', 1)} (remote: refused).\n`,
    })
    const garage = await run(['url', 'Garage'])
    expect(garage.code).toBe(3)
    expect(garage.stderr).toBe(
      `Garage could not be reached from this computer. Tried ${uriOf('Garage', 0)} (local: refused), ${uriOf('Garage', 1)} (remote: another server answered).\n`,
    )
  })

  it('needs one name', async () => {
    expect(await run(['url'])).toMatchObject({ code: 64, stderr: expect.stringMatching(/^url needs one server name/) })
    expect(await run(['url', 'a', 'b'])).toMatchObject({ code: 64 })
  })
})

describe('plexkey token --server', () => {
  it('prints that server’s access token and nothing else, without probing it', async () => {
    const printed = await world.run(['token', '--server', 'lookalike'])
    expect(printed).toEqual({ code: 0, signal: null, stdout: `${world.fake.mediaServer('Lookalike').accessToken}\n`, stderr: '' })
    expect(world.fake.mediaRequests()).toEqual([])
    expect(await run(['token', '--server', 'CABIN'])).toMatchObject({ code: 64, stdout: '' })
    expect(await run(['token', '--server', ''])).toMatchObject({ code: 64, stdout: '' })
  })
})
