import { createServer } from 'node:net'
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { useCliWorld } from '../support/use-cli-world'

const world = useCliWorld()

/** Signs in through the CLI and returns the token plex.tv issued. */
async function signIn(user: { username: string; uuid: string }, auth: 'legacy' | 'jwt' = 'legacy'): Promise<string> {
  const login = world.start(['login', '--no-browser', '--json', '--auth', auth])
  const waiting = await login.json((line) => line['kind'] === 'waiting')
  const approved = { ...user, email: `${user.username}@example.com`, plexPass: true }
  const pinId = Number(waiting['pinId'])
  const token = auth === 'jwt' ? await world.fake.approveJwt(pinId, approved) : world.fake.approve(pinId, approved)
  expect((await login.done).code).toBe(0)
  return token
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('plexkey status', () => {
  it('exit 1 when not signed in, without touching the config directory or plex.tv', async () => {
    const before = world.fake.requests.length
    const result = await world.run(['status'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('Not signed in to Plex. Run `plexkey login` to sign in.\n')
    expect(result.stderr).toBe('')
    expect(world.fake.requests.length).toBe(before)
    expect((await world.run(['status', '--json'])).stdout).toBe('{"status":"signed-out"}\n')
  })

  it('exit 0 when plex.tv accepts the token: the answer first, then the kind of token, where it is kept, the account, the client id', async () => {
    const token = await signIn({ username: 'alice', uuid: 'a11ce0000001' })
    const clientId = JSON.parse((await world.files()).get(`${world.configDir}/client.json`) ?? '{}').clientId as string

    const result = await world.run(['status'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        'Signed in to Plex as alice — plex.tv accepts the token.',
        'Token:     legacy (long-lived, until revoked)',
        'Kept in:   Secret Service keychain, service "plexkey",',
        '           account "token:a11ce0000001"',
        'Account:   alice@example.com, Plex Pass',
        `Client id: ${clientId}`,
        '',
      ].join('\n'),
    )
    const json = await world.run(['status', '--json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({
      status: 'signed-in',
      account: { id: expect.any(Number), uuid: 'a11ce0000001', username: 'alice', title: expect.any(String), email: 'alice@example.com', hasPlexPass: true },
      profile: null,
      token: { kind: 'legacy' },
      storage: { name: 'Secret Service keychain', service: 'plexkey', account: 'token:a11ce0000001' },
      clientId,
    })
    // It asked plex.tv with the stored token.
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/user').at(-1)?.headers['x-plex-token']).toBe(token)
    expect(result.stdout + result.stderr + json.stdout + json.stderr).not.toContain(token)
  })

  it('exit 2 when plex.tv rejects the token, which is then removed from the keychain', async () => {
    const token = await signIn({ username: 'bob', uuid: 'b0b000000002' })
    world.fake.revoke(token)
    const result = await world.run(['status'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe(
      'plex.tv no longer accepts the saved sign-in, so it was removed from the keychain.\nRun `plexkey login` to sign in again.\n',
    )
    expect(await world.keychainItems()).toEqual({})
    expect((await world.run(['status'])).code).toBe(1)
  })

  it('exit 3 when plex.tv answers 503: the state is unknown and the token is kept', async () => {
    await signIn({ username: 'carol', uuid: 'c0c000000003' })
    world.fake.fault({ path: '/api/v2/user', status: 503 })
    const result = await world.run(['status', '--json'])
    expect(result.code).toBe(3)
    // Only the keychain entry speaks: what plex.tv alone knows is left out, not guessed.
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'unreachable' })
    expect(JSON.parse(result.stdout).account).toEqual({ uuid: 'c0c000000003', username: 'carol', title: 'carol' })
    expect(Object.keys(await world.keychainItems()).sort()).toEqual(['accounts', 'active', 'token:c0c000000003'])
  })

  it('exit 3 when plex.tv cannot be reached at all', async () => {
    await signIn({ username: 'dave', uuid: 'da4e00000004' })
    const result = await world.run(['status'], { PLEXKEY_PLEX_URL: `http://127.0.0.1:${await closedPort()}` })
    expect(result.code).toBe(3)
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'Signed in to Plex as dave — not checked: plex.tv could not be reached.',
      'The token was kept. Run `plexkey status` again once you are online.',
    ])
    expect(Object.keys(await world.keychainItems()).sort()).toEqual(['accounts', 'active', 'token:da4e00000004'])
  })

  it('a Plex JWT: when it was last renewed and when it expires, in local time; the renewed one after a renewal', async () => {
    world.fake.setJwtLifetime(3600) // due: status renews it while checking it
    const first = await signIn({ username: 'jo', uuid: 'j0000000001' }, 'jwt')
    world.fake.setJwtLifetime(7 * 24 * 3600)
    const result = await world.run(['status'], { TZ: 'UTC' })
    expect(result.code).toBe(0)
    const saved = (JSON.parse((await world.keychainItems())['token:j0000000001'] ?? '{}') as { token: string }).token
    expect(saved).not.toBe(first)
    const claims = JSON.parse(Buffer.from(saved.split('.')[1] ?? '', 'base64url').toString()) as { iat: number; exp: number }
    const utc = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 16).replace('T', ' ')
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('Signed in to Plex as jo — plex.tv accepts the token.')
    expect(lines[1]).toBe(`Token:     Plex JWT, renewed ${utc(claims.iat)}, expires ${utc(claims.exp)}`)
    expect(claims.exp - claims.iat).toBe(7 * 24 * 3600)
    const json = await world.run(['status', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({
      token: { kind: 'jwt', renewedAt: new Date(claims.iat * 1000).toISOString(), expiresAt: new Date(claims.exp * 1000).toISOString() },
    })
    expect(json.stdout + result.stdout).not.toContain(saved)
  })

  it('every line fits 80 columns, a long non-ASCII name cut with …, the answer kept whole', async () => {
    const username = `Zoë 山田 🎬 ${'x'.repeat(120)}`
    await signIn({ username, uuid: `a${'b'.repeat(90)}` })
    const result = await world.run(['status'], { COLUMNS: undefined })
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([])
    expect(lines[0]).toMatch(/^Signed in to Plex as Zoë 山田 🎬 x+… — plex\.tv accepts the token\.$/)
    expect(lines[3]).toMatch(/^ {11}account "token:abbbb+…$/)
    // A narrower terminal (or COLUMNS) is fit too.
    const narrow = await world.run(['status'], { COLUMNS: '60' })
    expect(narrow.stdout.trimEnd().split('\n').filter((line) => stringWidth(line) > 60)).toEqual([])
  })

  it('an invalid PLEXKEY_PLEX_URL is a usage error (exit 64) that says which variable', async () => {
    await signIn({ username: 'erin', uuid: 'e1e100000005' })
    const result = await world.run(['status'], { PLEXKEY_PLEX_URL: 'ftp://example.com' })
    expect(result.code).toBe(64)
    expect(result.stderr).toBe('PLEXKEY_PLEX_URL must be an https URL (http only for 127.0.0.1, ::1 or localhost): "ftp://example.com".\n')
  })
})
