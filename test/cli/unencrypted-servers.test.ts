import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInThroughCli } from '../support/cli-sign-in'
import { type CliWorld, type RunResult, startCliWorld } from '../support/cli-world'

// Servers a hostile or careless plex.tv list can describe: one reachable only over plain http off
// this machine (the fake's 127.0.0.2), a shared server named like one of yours, and tokens no
// header or terminal should ever be handed.

const CLIPBOARD_ESCAPE = '\u001b]52;c;cHduZWQ=\u0007abcdefgh'
const NUL_TOKEN = 'tok\u0000en-with-a-nul-inside'

let world: CliWorld
let accountToken: string
const outputs: RunResult[] = []

beforeAll(async () => {
  world = await startCliWorld({
    servers: [
      {
        name: 'Shed',
        owned: true,
        presence: true,
        connections: [
          { kind: 'live', local: true, offMachine: true },
          { kind: 'live', local: false, offMachine: true },
        ],
      },
      { name: 'basement', owned: true, presence: true, connections: [{ kind: 'live', local: true }] },
      { name: 'Basement', owned: false, presence: true, connections: [{ kind: 'live', local: false }] },
      { name: 'Rogue', owned: true, presence: true, accessToken: CLIPBOARD_ESCAPE, connections: [{ kind: 'live', local: true }] },
      { name: 'Nul', owned: true, presence: true, accessToken: NUL_TOKEN, connections: [{ kind: 'live', local: true }] },
    ],
  })
  accountToken = await signInThroughCli(world, { username: 'sam', uuid: 's4m000000002' })
})
afterAll(async () => {
  for (const output of outputs) {
    const printed = output.stdout + output.stderr
    expect(printed).not.toContain(accountToken)
    expect(printed).not.toContain('\u001b')
    expect(printed).not.toContain('tok\u0000en')
    expect(printed).not.toContain('en-with-a-nul-inside')
  }
  await world?.stop()
})

const run = async (args: readonly string[]): Promise<RunResult> => {
  const result = await world.run(args)
  outputs.push(result)
  return result
}
const shed = () => world.fake.mediaServer('Shed')
const shedUri = (): string => shed().connections[0]?.uri ?? ''
const tokensSent = () => world.fake.mediaRequests().filter((r) => r.token !== null)

describe('a server reachable only without encryption', () => {
  it('url: exit 3, says so and how to allow it; nothing on stdout and no token sent', async () => {
    expect(await run(['url', 'Shed'])).toEqual({
      code: 3,
      signal: null,
      stdout: '',
      stderr: `Shed is reachable only without encryption, at ${shedUri()}: anyone on the network between could pose as it and take its token. To use it anyway, run the command again with --allow-insecure.\n`,
    })
    expect(tokensSent()).toEqual([])
  })

  it('exec --server: the command never runs, so its token goes nowhere', async () => {
    const result = await run(['exec', '--server', 'Shed', '--', 'sh', '-c', 'echo ran'])
    expect(result).toMatchObject({ code: 3, stdout: '' })
    expect(tokensSent()).toEqual([])
  })

  it('servers --json: listed as such, with the way to allow it on stderr', async () => {
    const result = await run(['servers', '--json'])
    expect(result.code).toBe(0)
    const row = (JSON.parse(result.stdout) as Record<string, unknown>[]).find((r) => r['name'] === 'Shed')
    expect(row).toMatchObject({ state: 'unencrypted-only' })
    expect(row).not.toHaveProperty('url')
    expect(result.stderr).toContain(`Shed is reachable only without encryption, at ${shedUri()}`)
  })

  it('servers: the table says it under itself, with the way to allow it, once', async () => {
    const result = await run(['servers', '--wide'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Shed +owned +unencrypted-only *$/m)
    expect(result.stdout).toContain(`Shed is reachable only without encryption, at ${shedUri()}: anyone on the network between could pose as it and take its token. To use it anyway, run the command again with --allow-insecure.`)
    expect(result.stderr).not.toContain('Shed is reachable only without encryption')
  })

  it('--allow-insecure: used, and named as unencrypted on stderr every time', async () => {
    const warning = `Warning: Shed is reached without encryption, at ${shedUri()}: its token crosses the network in the clear.\n`
    expect(await run(['url', '--allow-insecure', 'Shed'])).toEqual({ code: 0, signal: null, stdout: `${shedUri()}\n`, stderr: warning })
    const listed = await run(['servers', '--json', '--allow-insecure'])
    expect(listed.stdout).toContain(`"url":"${shedUri()}","connection":"local","encrypted":false`)
    expect(listed.stderr).toContain(warning)
    const exec = await run(['exec', '--allow-insecure', '--server', 'Shed', '--', 'sh', '-c', 'test "$PLEX_TOKEN" = "$PLEXAPI_AUTH_SERVER_TOKEN" && echo "$PLEX_URL"'])
    expect(exec).toMatchObject({ code: 0, stdout: `${shedUri()}\n`, stderr: warning })
  })

  it('--allow-insecure on exec without --server is a usage error', async () => {
    expect(await run(['exec', '--allow-insecure', '--', 'true'])).toMatchObject({ code: 64, stderr: expect.stringMatching(/^--allow-insecure goes with --server/) })
  })
})

describe('a shared server named like one of yours', () => {
  it('makes the name ambiguous (exit 64): neither is taken on a guess; the identifier names one', async () => {
    const mine = world.fake.mediaServer('basement').clientIdentifier
    const theirs = world.fake.mediaServer('Basement').clientIdentifier
    for (const name of ['Basement', 'basement']) {
      expect(await run(['url', name])).toEqual({
        code: 64,
        signal: null,
        stdout: '',
        stderr: `"${name}" names more than one server: "basement" (${mine}), "Basement" (${theirs}). Give the identifier of the one you mean.\n`,
      })
    }
    expect(await run(['url', mine])).toMatchObject({ code: 0, stdout: `${world.fake.mediaServer('basement').connections[0]?.uri}\n` })
  })
})

describe('a server token unfit for a header or a terminal', () => {
  it('token --server: refused, exit 1; the escape never reaches the terminal', async () => {
    expect(await run(['token', '--server', 'Rogue'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'plex.tv gave no usable access token for "Rogue".\n',
    })
  })

  it('exec --server: refused with the same sentence, never the token in a message', async () => {
    expect(await run(['exec', '--server', 'Nul', '--', 'true'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'plex.tv gave no usable access token for "Nul".\n',
    })
  })
})
