import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../main/core/log'
import type { PlexClient, PlexHomeUser } from '../../main/core/plex/plex-types'
import { HOSTILE_PROFILE_NAME, KID_PIN, LONG_PROFILE_NAME, SECOND_ACCOUNT } from '../fake-plex/home-state'
import { type FakePlex, type FakeUser, startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf, unwrap } from '../support/result-parts'

let fake: FakePlex
let client: PlexClient
let logLines: string[]
let owner: string

async function signIn(user?: Partial<FakeUser>): Promise<string> {
  const pin = unwrap(await client.createPin({ strong: true }))
  fake.approve(pin.id, user)
  const token = unwrap(await client.checkPin(pin.id)).authToken
  if (!token) throw new Error('approved PIN without a token')
  return token
}

beforeEach(async () => {
  fake = await startFakePlex()
  logLines = []
  client = plexClientOnFake(fake, { logger: createLogger('plex', { level: 'debug', sink: (line) => logLines.push(line) }) })
  owner = await signIn()
})
afterEach(async () => {
  await fake.close()
})

async function homeUsers(token = owner): Promise<readonly PlexHomeUser[]> {
  const home = unwrap(await client.listHomeUsers(token))
  if (home.kind !== 'home') throw new Error('expected a Plex Home')
  return home.users
}

async function profile(title: string): Promise<PlexHomeUser> {
  const found = (await homeUsers()).find((u) => u.title === title)
  if (!found) throw new Error(`no profile ${title}`)
  return found
}

/** A PIN written out where the port of a 127.0.0.1 address cannot fake a match. */
const standalone = (pin: string): RegExp => new RegExp(`(?<!\\d)${pin}(?!\\d)`)

describe('listHomeUsers', () => {
  it('reads the Home: owner first, who is protected, restricted or admin, and names as plex.tv sent them', async () => {
    const users = await homeUsers()
    expect(users.map((u) => u.title)).toEqual(['Plexkey Tester', 'Robin', 'Sam', LONG_PROFILE_NAME])
    expect(users[0]).toMatchObject({ admin: true, protected: false })
    expect(users[1]).toMatchObject({ admin: false, protected: true, restricted: true, username: '' })
    expect(users[2]).toMatchObject({ admin: false, protected: false, restricted: false, username: 'sam-partner' })
    expect(users.slice(1).map((u) => u.uuid)).toEqual(fake.homeMembers().map((m) => m.uuid))
    expect(users.slice(1).map((u) => u.id)).toEqual(fake.homeMembers().map((m) => m.id))
  })

  it('keeps a hostile profile name as data, whole', async () => {
    fake.setHome([{ title: HOSTILE_PROFILE_NAME }])
    expect((await homeUsers())[1]?.title).toBe(HOSTILE_PROFILE_NAME)
  })

  it("says 'no-home' for a Home of one and for plex.tv's 404 alike", async () => {
    const second = await signIn(SECOND_ACCOUNT)
    expect(unwrap(await client.listHomeUsers(second))).toEqual({ kind: 'no-home' })
    fake.setNoHomeAnswer('error')
    expect(unwrap(await client.listHomeUsers(second))).toEqual({ kind: 'no-home' })
    // A 404 elsewhere is no Home either way, but a refused token is a refused token.
    fake.revoke(second)
    expect(errorOf(await client.listHomeUsers(second))).toMatchObject({ code: 'token-rejected' })
  })
})

describe('switchHomeUser', () => {
  it("answers a wrong PIN, then a missing one, with 'home-pin-required', then mints the profile's token with the right one", async () => {
    const robin = await profile('Robin')
    expect(errorOf(await client.switchHomeUser(owner, robin.uuid, { pin: '0000' }))).toMatchObject({
      code: 'home-pin-required',
      status: 403,
      plexCode: 1041,
      retryable: false,
    })
    expect(errorOf(await client.switchHomeUser(owner, robin.uuid))).toMatchObject({ code: 'home-pin-required' })
    const token = unwrap(await client.switchHomeUser(owner, robin.uuid, { pin: KID_PIN }))
    expect(fake.tokens()).toContain(token)
    expect(unwrap(await client.getUser(token))).toMatchObject({ uuid: robin.uuid, title: 'Robin' })
    // Back to the owner is the owner's token again: it still works.
    expect(unwrap(await client.getUser(owner)).uuid).toBe((await homeUsers())[0]?.uuid)
  })

  it("switches to an unprotected profile without a PIN, and asks even the admin for one when plex.tv does", async () => {
    expect(typeof unwrap(await client.switchHomeUser(owner, (await profile('Sam')).uuid))).toBe('string')
    fake.setAdminPinRequired(true)
    const admin = (await homeUsers())[0]?.uuid ?? ''
    expect(errorOf(await client.switchHomeUser(owner, admin))).toMatchObject({ code: 'home-pin-required' })
  })

  it('reads only the token from an answer whose other fields are hostile, changed or huge', async () => {
    fake.setSwitchExtras({
      ...(JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>),
      id: 'no longer a number',
      uuid: null,
      title: HOSTILE_PROFILE_NAME.repeat(100),
      username: { changed: true },
      profile: 'en,de,fr',
      subscription: 'gone',
      services: [{ identifier: 'metadata', token: 'svc-token-abcdefgh' }],
    })
    const robin = await profile('Robin')
    const token = unwrap(await client.switchHomeUser(owner, robin.uuid, { pin: KID_PIN }))
    expect(token).toMatch(/^[\w-]{20}$/)
    expect(unwrap(await client.getUser(token)).uuid).toBe(robin.uuid)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('is a bad response, logged without any of its body, when the answer has no token', async () => {
    fake.setSwitchExtras({ authToken: null })
    const error = errorOf(await client.switchHomeUser(owner, (await profile('Robin')).uuid, { pin: KID_PIN }))
    expect(error).toMatchObject({ code: 'bad-response' })
    const log = logLines.join('\n')
    expect(log).toContain('answer did not match the expected shape')
    expect(log).not.toMatch(standalone(KID_PIN))
    expect(log).not.toContain('little_kid')
    expect(log).not.toContain('Robin')
  })

  it('never lets the PIN, the answer or a minted token reach a log line, even where an error quotes the address', async () => {
    const robin = await profile('Robin')
    errorOf(await client.switchHomeUser(owner, robin.uuid, { pin: '1357' }))
    const token = unwrap(await client.switchHomeUser(owner, robin.uuid, { pin: KID_PIN }))
    // A transport whose error message quotes the whole address, query and all.
    const quoting = plexClientOnFake(fake, {
      logger: createLogger('plex', { level: 'debug', sink: (line) => logLines.push(line) }),
      fetch: (url) => Promise.reject(new Error(`request to ${url} failed`)),
    })
    expect(errorOf(await quoting.switchHomeUser(owner, robin.uuid, { pin: KID_PIN }))).toMatchObject({ code: 'network' })
    const log = logLines.join('\n')
    expect(log).toContain(`/switch: home-pin-required`)
    expect(log).toContain(`request to ${fake.url}/api/v2/home/users/${robin.uuid}/switch?pin=[redacted] failed`)
    for (const pin of [KID_PIN, '1357']) expect(log).not.toMatch(standalone(pin))
    for (const issued of fake.issuedTokens()) expect(log).not.toContain(issued)
    expect(log).not.toContain(token)
  })

  it('sends switches one at a time: the second waits until plex.tv has answered the first', async () => {
    const sam = (await profile('Sam')).uuid
    let release = (): void => undefined
    fake.fault({ path: /\/switch$/, holdUntil: new Promise<void>((resolve) => (release = resolve)), times: 1 })
    const switches = () => fake.requests.filter((r) => r.path.endsWith('/switch')).length
    const first = client.switchHomeUser(owner, sam)
    const second = client.switchHomeUser(owner, sam)
    await vi.waitFor(() => expect(switches()).toBe(1))
    // A whole other exchange goes and comes back meanwhile; the second switch still has not gone.
    unwrap(await client.listHomeUsers(owner))
    expect(switches()).toBe(1)
    release()
    const [a, b] = [unwrap(await first), unwrap(await second)]
    expect(a).not.toBe(b)
    expect(switches()).toBe(2)
  })

  it("turns 429 into 'rate-limited' and a refused account token into 'token-rejected'", async () => {
    const sam = (await profile('Sam')).uuid
    fake.fault({ path: /\/switch$/, status: 429, retryAfter: '7', times: 1 })
    expect(errorOf(await client.switchHomeUser(owner, sam))).toMatchObject({ code: 'rate-limited', retryAfterMs: 7000 })
    fake.revoke(owner)
    expect(errorOf(await client.switchHomeUser(owner, sam))).toMatchObject({ code: 'token-rejected' })
  })
})
