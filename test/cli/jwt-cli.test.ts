import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { claimsOf, deviceJwtsSent } from '../fake-plex/jwt-helpers'
import { type CliWorld, type RunResult, startCliWorld } from '../support/cli-world'

// `plexkey login --auth jwt|legacy` and `plexkey token` renewing a due Plex JWT: the built CLI as
// a child process, against the fake plex.tv and a private real keychain.

let world: CliWorld
const outputs: RunResult[] = []

beforeAll(async () => {
  world = await startCliWorld()
})
afterAll(async () => {
  // No command but `token` ever printed a token (signed out and renewed ones too), a device JWT or the device key.
  const items = world ? await world.keychainItems() : {}
  const secrets = [...(world?.fake.issuedTokens() ?? []), ...deviceJwtsSent(world?.fake.requests ?? []), ...Object.values(items)]
  for (const output of outputs) for (const secret of secrets) expect(output.stdout + output.stderr).not.toContain(secret)
  await world?.stop()
})
beforeEach(async () => {
  outputs.push(await world.reset())
  await rm(join(world.configDir, 'settings.json'), { force: true })
})

/** `plexkey login --link --json` plus `extra`, approved at the fake; returns the token it was given. */
async function login(extra: string[], user = { username: 'jo', uuid: 'j0000000001' }): Promise<string> {
  const run = world.start(['login', '--link', '--json', ...extra])
  const waiting = await run.json((line) => line['kind'] === 'waiting')
  const token = await world.fake.approveJwt(String(waiting['code']), user)
  const result = await run.done
  outputs.push(result)
  expect(result.code).toBe(0)
  return token
}

const clientId = async (): Promise<string> =>
  (JSON.parse((await world.files()).get(join(world.configDir, 'client.json')) ?? '{}') as { clientId: string }).clientId
const lastPin = () => world.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins').at(-1)

describe('plexkey login --auth', () => {
  it('jwt: the PIN carries the device key, the Plex JWT and the key go to the keychain only', async () => {
    const token = await login(['--auth', 'jwt'])
    expect(token.split('.')).toHaveLength(3)
    const id = await clientId()
    const items = await world.keychainItems()
    expect(Object.keys(items).sort()).toEqual(['accounts', 'active', `secret:device-key:${id}`, 'token:j0000000001'])
    expect(JSON.parse(items['token:j0000000001'] ?? '{}')).toEqual({ username: 'jo', title: 'Plexkey Tester', token })
    const key = JSON.parse(items[`secret:device-key:${id}`] ?? '{}') as { x: string; d: string }
    expect((JSON.parse(lastPin()?.body ?? '{}') as { jwk: { x: string } }).jwk.x).toBe(key.x)
    expect(claimsOf(token)['thumbprint']).toBe((JSON.parse(lastPin()?.body ?? '{}') as { jwk: { kid: string } }).jwk.kid)

    // Not due: printed as it is, without a word to plex.tv.
    const before = world.fake.requests.length
    const printed = await world.run(['token'])
    expect(printed).toEqual({ code: 0, signal: null, stdout: `${token}\n`, stderr: '' })
    expect(world.fake.requests.length).toBe(before)

    const files = await world.files()
    for (const content of files.values()) {
      expect(content).not.toContain(token)
      expect(content).not.toContain(key.d)
    }
    outputs.push(await world.run(['status']))
    expect(outputs.at(-1)?.code).toBe(0)
  })

  it('legacy, or the app’s setting when --auth is not given', async () => {
    await mkdir(world.configDir, { recursive: true })
    await writeFile(join(world.configDir, 'settings.json'), JSON.stringify({ openAtLogin: false, authScheme: 'jwt' }))
    const legacy = await login(['--auth', 'legacy'])
    expect(legacy).not.toContain('.')
    expect(lastPin()?.body).toBe('')
    outputs.push(await world.run(['logout']))

    const fromSetting = await login([])
    expect(fromSetting.split('.')).toHaveLength(3)
    expect(JSON.parse(lastPin()?.body ?? '{}')).toHaveProperty('jwk')
  })

  it('refuses another scheme name (exit 64)', async () => {
    const result = await world.run(['login', '--auth', 'oauth'])
    outputs.push(result)
    expect(result).toMatchObject({ code: 64, stdout: '', stderr: '--auth must be "jwt" or "legacy", not "oauth".\n' })
  })
})

describe('plexkey token with a Plex JWT due for renewal', () => {
  it('renews it first and prints the new one; the keychain holds the new one', async () => {
    world.fake.setJwtLifetime(3600) // an hour left: within the one-day renewal window
    const old = await login(['--auth', 'jwt'])
    const printed = await world.run(['token'])
    const renewed = printed.stdout.trim()
    expect(printed).toMatchObject({ code: 0, stderr: '' })
    expect(printed.stdout).toBe(`${renewed}\n`)
    expect(renewed).not.toBe(old)
    expect(claimsOf(renewed)).toMatchObject({ iss: 'plex.tv', thumbprint: claimsOf(old)['thumbprint'] })
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/auth/token')).toHaveLength(1)
    expect(JSON.parse((await world.keychainItems())['token:j0000000001'] ?? '{}')).toMatchObject({ token: renewed })
  })

  it('exec renews it first too, and hands the command the new one', async () => {
    world.fake.setJwtLifetime(3600)
    const old = await login(['--auth', 'jwt'])
    const ran = await world.run(['exec', '--', process.execPath, '-e', 'process.stdout.write(process.env.PLEX_TOKEN ?? "")'])
    expect(ran).toMatchObject({ code: 0, stderr: '' })
    expect(ran.stdout).not.toBe(old)
    expect(claimsOf(ran.stdout)).toMatchObject({ iss: 'plex.tv', thumbprint: claimsOf(old)['thumbprint'] })
    expect(JSON.parse((await world.keychainItems())['token:j0000000001'] ?? '{}')).toMatchObject({ token: ran.stdout })
  })

  it('plex.tv unreachable: the old token while it lives, with a note on stderr', async () => {
    world.fake.setJwtLifetime(3600)
    const old = await login(['--auth', 'jwt'])
    world.fake.fault({ path: '/api/v2/auth/nonce', status: 503 })
    const printed = await world.run(['token'])
    expect(printed.code).toBe(0)
    expect(printed.stdout).toBe(`${old}\n`)
    expect(printed.stderr).toMatch(/could not be reached to renew/)
  })

  it('a revoked device key: exit 2, nothing printed, the sign-in removed', async () => {
    world.fake.setJwtLifetime(3600)
    await login(['--auth', 'jwt'])
    world.fake.revokeDeviceKey(await clientId())
    const printed = await world.run(['token'])
    outputs.push(printed)
    expect(printed).toMatchObject({ code: 2, stdout: '' })
    expect(printed.stderr).toMatch(/no longer accepts/)
    const items = await world.keychainItems()
    expect(items['active']).toBeUndefined()
    expect(items['token:j0000000001']).toBeUndefined()
  })
})
