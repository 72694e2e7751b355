import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakePlexControl } from './control-client'
import { HOSTILE_PROFILE_NAME, KID_PIN, LONG_PROFILE_NAME, SECOND_ACCOUNT } from './home-state'
import type { FakePlex } from './server'
import { startFakePlex } from './server'
import { clientHeaders, rawHttp, signInAs } from './test-http'

const DESKTOP = 'b3e1f0aa-desk-4c1e-9d7a-home00000001'

let fake: FakePlex
let ownerToken: string
beforeEach(async () => {
  fake = await startFakePlex()
  ownerToken = await signInAs(fake, DESKTOP)
})
afterEach(async () => {
  await fake.close()
})

interface HomeUser {
  id: number
  uuid: string
  title: string
  username: string
  admin: boolean
  guest: boolean
  restricted: boolean
  restrictionProfile: string | null
  protected: boolean
  thumb: string
}

async function homeUsers(token: string): Promise<HomeUser[]> {
  const res = await rawHttp(fake, '/api/v2/home/users', { headers: clientHeaders(DESKTOP, token) })
  expect(res.status).toBe(200)
  return (JSON.parse(res.text) as { users: HomeUser[] }).users
}

function userTitled(users: readonly HomeUser[], title: string): HomeUser {
  const found = users.find((u) => u.title === title)
  if (!found) throw new Error(`no Home user ${title}`)
  return found
}

const switchV2 = (token: string | undefined, uuid: string, pin?: string) =>
  rawHttp(fake, `/api/v2/home/users/${uuid}/switch${pin === undefined ? '' : `?pin=${encodeURIComponent(pin)}`}`, {
    method: 'POST',
    headers: clientHeaders(DESKTOP, token),
  })

const errorCode = (text: string): unknown => (JSON.parse(text) as { errors: { code?: number }[] }).errors[0]?.code

/** Decodes what xml.ts escapes, so a test can compare an attribute with the text it came from. */
const xmlText = (s: string): string => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))

describe('GET /api/v2/home/users', () => {
  it('lists the owner (admin) first, a protected restricted child, an unprotected partner and a 60-character non-ASCII profile', async () => {
    const users = await homeUsers(ownerToken)
    expect(users.map((u) => u.title)).toEqual(['Plexkey Tester', 'Robin', 'Sam', LONG_PROFILE_NAME])
    expect(LONG_PROFILE_NAME).toHaveLength(60)
    expect(/^[\x20-\x7e]*$/.test(LONG_PROFILE_NAME)).toBe(false)
    expect(users[0]).toMatchObject({ admin: true, protected: false, restricted: false, guest: false })
    expect(userTitled(users, 'Robin')).toMatchObject({ admin: false, protected: true, restricted: true, restrictionProfile: 'little_kid', username: '' })
    expect(userTitled(users, 'Sam')).toMatchObject({ admin: false, protected: false, restricted: false, username: 'sam-partner' })
    expect(new Set(users.map((u) => u.uuid)).size).toBe(4)
    expect(new Set(users.map((u) => u.id)).size).toBe(4)
    // No PIN is ever listed.
    expect(JSON.stringify(users)).not.toContain(KID_PIN)
    // Every avatar is on the fake itself, and there.
    for (const user of users) {
      expect(user.thumb.startsWith(`${fake.url}/users/${user.uuid}/avatar?c=`)).toBe(true)
      expect((await fetch(user.thumb, { redirect: 'manual' })).status).toBe(302)
    }
  })

  it('answers 401/1001 without a token or with one it never issued', async () => {
    for (const token of [undefined, 'not-a-token-it-issued']) {
      const res = await rawHttp(fake, '/api/v2/home/users', { headers: clientHeaders(DESKTOP, token) })
      expect(res.status).toBe(401)
      expect(errorCode(res.text)).toBe(1001)
    }
  })

  it('answers an account with no Plex Home with a Home of one, or with a 404 when set so', async () => {
    const second = await signInAs(fake, DESKTOP, SECOND_ACCOUNT)
    const alone = await homeUsers(second)
    expect(alone).toHaveLength(1)
    expect(alone[0]).toMatchObject({ title: SECOND_ACCOUNT.title, admin: true })
    fake.setNoHomeAnswer('error')
    const res = await rawHttp(fake, '/api/v2/home/users', { headers: clientHeaders(DESKTOP, second) })
    expect(res.status).toBe(404)
    // The default account still has its Home.
    expect(await homeUsers(ownerToken)).toHaveLength(4)
  })

  it('carries a hostile profile name intact in JSON, and escaped in the legacy XML', async () => {
    fake.setHome([{ title: HOSTILE_PROFILE_NAME, pin: '0000' }])
    const users = await homeUsers(ownerToken)
    expect(users[1]?.title).toBe(HOSTILE_PROFILE_NAME)
    const xml = await rawHttp(fake, '/api/home/users', { headers: clientHeaders(DESKTOP, ownerToken) })
    expect(xml.status).toBe(200)
    expect(xml.text).not.toContain('<b>')
    const title = /<User [^>]*title="([^"]*)"[^>]*protected="1"/.exec(xml.text)?.[1]
    expect(title && xmlText(title)).toBe(HOSTILE_PROFILE_NAME)
  })
})

describe('GET /api/home/users (legacy)', () => {
  it('answers XML even when JSON is asked for, booleans as "1"/"0"', async () => {
    const res = await rawHttp(fake, '/api/home/users', { headers: clientHeaders(DESKTOP, ownerToken) })
    expect(res.type).toContain('application/xml')
    const users = [...res.text.matchAll(/<User ([^>]*)\/>/g)].map((m) => m[1] ?? '')
    expect(users).toHaveLength(4)
    expect(users[0]).toMatch(/ admin="1"/)
    expect(users[0]).toMatch(/ protected="0"/)
    const robin = users.find((u) => u.includes('title="Robin"')) ?? ''
    expect(robin).toMatch(/ protected="1"/)
    expect(robin).toMatch(/ restricted="1"/)
    expect(robin).toMatch(/ admin="0"/)
  })

  it('answers 401 in XML without a token', async () => {
    const res = await rawHttp(fake, '/api/home/users', { headers: clientHeaders(DESKTOP) })
    expect(res.status).toBe(401)
    expect(res.text).toMatch(/<errors>.*code="1001"/s)
  })
})

describe('POST /api/v2/home/users/{uuid}/switch', () => {
  it('asks a protected profile for its PIN (403/1041 when wrong or missing), then mints a token for it', async () => {
    const robin = userTitled(await homeUsers(ownerToken), 'Robin')
    for (const pin of [undefined, '', '0000', `${KID_PIN}0`]) {
      const refused = await switchV2(ownerToken, robin.uuid, pin)
      expect(refused.status).toBe(403)
      expect(errorCode(refused.text)).toBe(1041)
    }
    const before = fake.issuedTokens().length
    const res = await switchV2(ownerToken, robin.uuid, KID_PIN)
    expect(res.status).toBe(201)
    const answer = JSON.parse(res.text) as Record<string, unknown>
    const token = String(answer['authToken'])
    expect(fake.issuedTokens()).toContain(token)
    expect(fake.issuedTokens().length).toBe(before + 1)
    // The answer is the whole user object, carrying what a client must not read or log.
    expect(answer).toMatchObject({ uuid: robin.uuid, title: 'Robin', pin: KID_PIN, protected: true, restricted: true })
    expect(answer['profile']).toMatchObject({ defaultAudioLanguages: 'en,de,ja' })
    const me = await rawHttp(fake, '/api/v2/user', { headers: clientHeaders(DESKTOP, token) })
    expect(JSON.parse(me.text)).toMatchObject({ uuid: robin.uuid, title: 'Robin' })
    expect(fake.switchCalls()).toBe(5)
  })

  it('switches to an unprotected profile without a PIN, by uuid or by numeric id', async () => {
    const sam = userTitled(await homeUsers(ownerToken), 'Sam')
    expect((await switchV2(ownerToken, sam.uuid)).status).toBe(201)
    expect((await switchV2(ownerToken, String(sam.id))).status).toBe(201)
    expect((await switchV2(ownerToken, 'ffffffffffffffff')).status).toBe(404)
  })

  it('lets the admin switch without a PIN unless told not to; then 1041 even for the admin until the right PIN', async () => {
    const owner = (await homeUsers(ownerToken))[0] as HomeUser
    expect((await switchV2(ownerToken, owner.uuid)).status).toBe(201)
    fake.setAdminPinRequired(true)
    const noPinSet = await switchV2(ownerToken, owner.uuid, '1234')
    expect(noPinSet.status).toBe(403)
    expect(errorCode(noPinSet.text)).toBe(1041)
    fake.setHomePin(owner.uuid, '2468')
    expect(errorCode((await switchV2(ownerToken, owner.uuid)).text)).toBe(1041)
    expect((await switchV2(ownerToken, owner.uuid, '2468')).status).toBe(201)
  })

  it('answers 401 without a valid account token, and refuses a revoked one', async () => {
    const sam = userTitled(await homeUsers(ownerToken), 'Sam')
    expect((await switchV2(undefined, sam.uuid)).status).toBe(401)
    fake.revoke(ownerToken)
    const res = await switchV2(ownerToken, sam.uuid)
    expect(res.status).toBe(401)
    expect(errorCode(res.text)).toBe(1001)
  })

  it('takes 429 from a fault rule (not counted as a switch), and merges extra fields into the answer', async () => {
    const sam = userTitled(await homeUsers(ownerToken), 'Sam')
    fake.fault({ path: /\/switch$/, status: 429, times: 1 })
    const limited = await switchV2(ownerToken, sam.uuid)
    expect(limited.status).toBe(429)
    expect(errorCode(limited.text)).toBe(1003)
    expect(fake.switchCalls()).toBe(0)
    fake.setSwitchExtras({ services: [{ identifier: 'metadata', token: 'svc-token-123456' }], profile: 'now a string' })
    const answer = JSON.parse((await switchV2(ownerToken, sam.uuid)).text) as Record<string, unknown>
    expect(answer).toMatchObject({ profile: 'now a string', title: 'Sam' })
    expect(typeof answer['authToken']).toBe('string')
  })

  it('lets a Home member list the same Home and switch back to the owner', async () => {
    const users = await homeUsers(ownerToken)
    const samToken = String((JSON.parse((await switchV2(ownerToken, userTitled(users, 'Sam').uuid)).text) as { authToken: string }).authToken)
    expect((await homeUsers(samToken)).map((u) => u.uuid)).toEqual(users.map((u) => u.uuid))
    expect((await switchV2(samToken, (users[0] as HomeUser).uuid)).status).toBe(201)
  })
})

describe('POST /api/home/users/{id}/switch (legacy)', () => {
  it('answers XML with authenticationToken, and 403 with code 1041 in XML for a wrong PIN', async () => {
    const robin = userTitled(await homeUsers(ownerToken), 'Robin')
    const wrong = await rawHttp(fake, `/api/home/users/${robin.id}/switch?pin=1111`, { method: 'POST', headers: clientHeaders(DESKTOP, ownerToken) })
    expect(wrong.status).toBe(403)
    expect(wrong.text).toMatch(/<error [^>]*code="1041"/)
    const res = await rawHttp(fake, `/api/home/users/${robin.id}/switch?pin=${KID_PIN}`, { method: 'POST', headers: clientHeaders(DESKTOP, ownerToken) })
    expect(res.status).toBe(201)
    expect(res.type).toContain('application/xml')
    const token = /authenticationToken="([^"]+)"/.exec(res.text)?.[1] ?? ''
    expect(fake.tokens()).toContain(token)
  })
})

describe('GET /api/v2/resources for a Home member', () => {
  it("lists the owner's own servers with the member's own accessTokens, which those servers accept", async () => {
    const sam = userTitled(await homeUsers(ownerToken), 'Sam')
    const samToken = String((JSON.parse((await switchV2(ownerToken, sam.uuid)).text) as { authToken: string }).authToken)
    const list = async (token: string) =>
      JSON.parse((await rawHttp(fake, '/api/v2/resources?includeHttps=1', { headers: clientHeaders(DESKTOP, token) })).text) as {
        name: string
        accessToken: string | null
        owned: boolean
        home: boolean
        clientIdentifier: string
      }[]
    const own = (await list(ownerToken)).filter((r) => r.accessToken)
    const members = (await list(samToken)).filter((r) => r.accessToken)
    expect(members.map((r) => r.name)).toEqual(fake.mediaServers.filter((s) => s.owned).map((s) => s.name))
    for (const resource of members) {
      expect(resource).toMatchObject({ owned: false, home: true })
      expect(own.map((r) => r.accessToken)).not.toContain(resource.accessToken)
      expect(fake.issuedTokens()).toContain(resource.accessToken)
    }
    const basement = fake.mediaServer('Basement')
    const samBasement = members.find((r) => r.name === 'Basement')?.accessToken ?? ''
    const uri = basement.connections[0]?.uri ?? ''
    expect((await fetch(`${uri}/`, { headers: { 'X-Plex-Token': samBasement } })).status).toBe(200)
    expect((await fetch(`${uri}/`, { headers: { 'X-Plex-Token': samToken } })).status).toBe(401)
    // Asked again, the member gets the same token: it is the member's, not one per call.
    expect((await list(samToken)).find((r) => r.name === 'Basement')?.accessToken).toBe(samBasement)
  })
})

describe('the Home controls over HTTP', () => {
  it('set a Home, a PIN, the admin rule, the no-Home answer and switch extras, and count switches', async () => {
    const control = fakePlexControl(fake.url)
    const members = await control.setHome([{ title: 'Kid', pin: '9999', restricted: true }, { title: 'Guest', guest: true }])
    expect(members.map((m) => m.title)).toEqual(['Kid', 'Guest'])
    expect((await control.homeMembers()).map((m) => m.uuid)).toEqual(members.map((m) => m.uuid))
    const kid = members[0]?.uuid ?? ''
    await control.setHomePin('Kid', '1357')
    expect(errorCode((await switchV2(ownerToken, kid, '9999')).text)).toBe(1041)
    expect((await switchV2(ownerToken, kid, '1357')).status).toBe(201)
    expect(await control.switchCalls()).toBe(2)
    await control.setAdminPinRequired(true)
    expect((await switchV2(ownerToken, (await homeUsers(ownerToken))[0]?.uuid ?? '')).status).toBe(403)
    await control.setSwitchExtras({ extra: 'x' })
    expect(JSON.parse((await switchV2(ownerToken, members[1]?.uuid ?? '')).text)).toMatchObject({ extra: 'x' })
    await control.setNoHomeAnswer('error')
    await control.setHome(null)
    expect((await rawHttp(fake, '/api/v2/home/users', { headers: clientHeaders(DESKTOP, ownerToken) })).status).toBe(404)
    await expect(control.setHomePin('nobody', '1')).rejects.toThrow(/404/)
    // Every device with its tokens: the desktop's sign-in and each profile token minted on it.
    const devices = await control.devices()
    expect(devices.find((d) => d.clientIdentifier === DESKTOP && d.tokens.includes(ownerToken))).toBeDefined()
    expect(devices.filter((d) => d.clientIdentifier === DESKTOP).map((d) => d.accountUuid)).toContain(kid)
  })
})

describe('npm run fake-plex -- --no-home', () => {
  it('starts the default account without a Plex Home', async () => {
    const root = resolve(__dirname, '../..')
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['test/fake-plex/main.ts', '--port', '0', '--no-home'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
      const control = fakePlexControl(url)
      const created = await fetch(`${url}/api/v2/pins`, { method: 'POST', headers: clientHeaders(DESKTOP) })
      const token = await control.approve(((await created.json()) as { id: number }).id)
      const home = (await (await fetch(`${url}/api/v2/home/users`, { headers: clientHeaders(DESKTOP, token) })).json()) as { users: unknown[] }
      expect(home.users).toHaveLength(1)
      expect(await control.homeMembers()).toEqual([])
    } finally {
      child.kill('SIGTERM')
    }
    expect(((await once(child, 'exit')) as [number | null])[0]).toBe(0)
  })
})
