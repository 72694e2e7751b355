import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliWorld, type RunResult, startCliWorld } from '../support/cli-world'

let world: CliWorld

beforeAll(async () => {
  world = await startCliWorld()
})
afterAll(async () => {
  await world?.stop()
})

describe('plexkey token and logout, around one sign-in', () => {
  it('shares one client id, keeps the token only in the keychain, prints it only for `token`, and logs out cleanly', async () => {
    const outputs: RunResult[] = []

    // Signed out: token has nothing to print, logout nothing to do.
    const early = await world.run(['token'])
    expect(early).toMatchObject({ code: 1, stdout: '', stderr: 'Not signed in to Plex. Run `plexkey login` first.\n' })
    expect(await world.run(['logout'])).toMatchObject({ code: 0, stdout: 'Not signed in to Plex; nothing to do.\n' })

    const login = world.start(['login', '--no-browser', '--json'])
    const waiting = await login.json((line) => line['kind'] === 'waiting')
    const token = world.fake.approve(Number(waiting['pinId']), { username: 'alice', uuid: 'a11ce0000001' })
    outputs.push(await login.done)
    expect(outputs.at(-1)?.code).toBe(0)

    // `token`: the token and a newline, nothing else.
    const printed = await world.run(['token'])
    expect(printed).toEqual({ code: 0, signal: null, stdout: `${token}\n`, stderr: '' })

    // Another Secret Service client finds it where the README says.
    const active = await world.keyring.secretTool('lookup', 'service', 'plexkey', 'account', 'active')
    expect(active.stdout).toBe('token:a11ce0000001')
    const entry = await world.keyring.secretTool('lookup', 'service', 'plexkey', 'account', active.stdout)
    expect(JSON.parse(entry.stdout)).toEqual({ username: 'alice', title: 'Plexkey Tester', token })

    outputs.push(await world.run(['status']))
    outputs.push(await world.run(['status', '--json']))

    // The config directory holds the client id and nothing secret.
    const files = await world.files()
    expect([...files.keys()]).toEqual([`${world.configDir}/client.json`])
    const clientId = JSON.parse(files.get(`${world.configDir}/client.json`) ?? '{}').clientId as string
    for (const content of files.values()) expect(content).not.toContain(token)

    const logout = await world.run(['logout'])
    outputs.push(logout)
    expect(logout).toMatchObject({ code: 0, stdout: 'Signed out of Plex as alice. The token was removed from the keychain.\n', stderr: '' })
    // plex.tv was asked to forget the token, and the keychain no longer holds anything of Plexkey's.
    const signout = world.fake.requests.filter((r) => r.method === 'DELETE' && r.path === '/api/v2/users/signout')
    expect(signout.at(-1)?.headers['x-plex-token']).toBe(token)
    expect(await world.keychainItems()).toEqual({})
    expect((await world.keyring.secretTool('lookup', 'service', 'plexkey', 'account', 'active')).code).not.toBe(0)

    outputs.push(await world.run(['logout']))
    expect(outputs.at(-1)).toMatchObject({ code: 0, stdout: 'Not signed in to Plex; nothing to do.\n' })
    expect((await world.run(['token'])).code).toBe(1)
    expect((await world.run(['status'])).code).toBe(1)

    // Every request from every run carried the one client id from client.json, which logout kept.
    expect(world.fake.requests.length).toBeGreaterThan(3)
    expect(new Set(world.fake.requests.map((r) => r.headers['x-plex-client-identifier']))).toEqual(new Set([clientId]))
    expect(JSON.parse((await world.files()).get(`${world.configDir}/client.json`) ?? '{}').clientId).toBe(clientId)

    // No output of any command but `token` carried the token.
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(token)
  })

  it('logout while plex.tv cannot be told: removed from the keychain, and says the token stays valid there', async () => {
    const login = world.start(['login', '--no-browser', '--json'])
    const waiting = await login.json((line) => line['kind'] === 'waiting')
    const token = world.fake.approve(Number(waiting['pinId']), { username: 'dora', uuid: 'd0ra00000001' })
    expect((await login.done).code).toBe(0)

    world.fake.fault({ path: '/api/v2/users/signout', drop: true })
    const logout = await world.run(['logout'])
    world.fake.clearFaults()
    expect(logout).toMatchObject({
      code: 0,
      stdout:
        'Removed the token of dora from the keychain. plex.tv could not be told, so the token stays valid there until you remove Plexkey under Authorized Devices (https://plex.tv/devices).\n',
      stderr: '',
    })
    expect(await world.keychainItems()).toEqual({})
    expect(world.fake.tokens()).toContain(token)
    expect(logout.stdout).not.toContain(token)
  })

  it('a second sign-in after logout reuses the same client id', async () => {
    const clientId = JSON.parse((await world.files()).get(`${world.configDir}/client.json`) ?? '{}').clientId as string
    world.fake.clearRequests()
    const login = world.start(['login', '--link', '--json'])
    const waiting = await login.json((line) => line['kind'] === 'waiting')
    world.fake.approve(String(waiting['code']))
    expect((await login.done).code).toBe(0)
    expect(world.fake.pins().find((pin) => pin.id === waiting['pinId'])?.clientId).toBe(clientId)
    expect((await world.run(['logout'])).code).toBe(0)
  })
})
