import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../main/core/log'
import { createPlexClient } from '../../main/core/plex/plex-client'
import { PLEX_ENDPOINTS } from '../../main/core/plex/endpoints'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { launchHeadlessChromium } from '../support/headless-chromium'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { unwrap } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

let fake: FakePlex
let client: PlexClient
let logLines: string[]
const identity = testIdentity({ deviceName: 'Jürgen’s 山田 PC' })

beforeEach(async () => {
  fake = await startFakePlex()
  logLines = []
  client = plexClientOnFake(fake, { identity, logger: createLogger('plex', { level: 'debug', sink: (l) => logLines.push(l) }) })
})
afterEach(async () => {
  await fake.close()
})

describe('PIN flow end to end', () => {
  it('browser mode: strong PIN, hosted page approves it, poll gets the token, the token gets the user', async () => {
    const pin = unwrap(await client.createPin({ strong: true }))
    expect(pin.code).toMatch(/^[a-z0-9]{25}$/)
    expect(pin.clientIdentifier).toBe(identity.clientId)
    expect(pin.authToken).toBeNull()
    expect(unwrap(await client.checkPin(pin.id)).authToken).toBeNull()

    const browser = await launchHeadlessChromium()
    try {
      const page = await browser.newPage()
      await page.goto(client.authUrl(pin.code))
      await page.waitForSelector('body[data-state="approved"]')
    } finally {
      await browser.close()
    }

    const approved = unwrap(await client.checkPin(pin.id))
    expect(approved.authToken).toMatch(/^[\w-]{20}$/)
    const user = unwrap(await client.getUser(approved.authToken ?? ''))
    expect(user).toMatchObject({ username: 'plexkey-tester', title: 'Plexkey Tester', hasPlexPass: false })
  })

  it('link mode: 4-character PIN, approved by its code as typed at plex.tv/link', async () => {
    const pin = unwrap(await client.createPin({ strong: false }))
    expect(pin.code).toMatch(/^[A-Z0-9]{4}$/)
    expect(client.linkUrl).toBe('https://plex.tv/link')
    const token = fake.approve(pin.code.toLowerCase(), { username: 'ada', plexPass: true })
    expect(unwrap(await client.checkPin(pin.id)).authToken).toBe(token)
    expect(unwrap(await client.getUser(token))).toMatchObject({ username: 'ada', hasPlexPass: true })
  })

  it('turns expiresAt into epoch milliseconds', async () => {
    const before = Date.now()
    const pin = unwrap(await client.createPin({ strong: true }))
    const stored = fake.pins()[0]
    expect(pin.expiresAt).toBe(stored?.expiresAt)
    expect(pin.expiresAt).toBeGreaterThan(before + 1799_000 - 1000)
  })
})

describe('what every request carries', () => {
  it('sends all six identity fields, Accept: application/json, and the same client id on create and poll', async () => {
    const pin = unwrap(await client.createPin({ strong: true }))
    unwrap(await client.checkPin(pin.id))
    const [create, poll] = fake.requests
    expect(create?.method).toBe('POST')
    expect(create?.query).toEqual({ strong: 'true' })
    expect(poll?.path).toBe(`/api/v2/pins/${pin.id}`)
    for (const request of [create, poll]) {
      expect(request?.headers).toMatchObject({
        accept: 'application/json',
        'x-plex-client-identifier': identity.clientId,
        'x-plex-product': 'Plexkey',
        'x-plex-version': identity.version,
        'x-plex-platform': 'Linux',
        'x-plex-platform-version': identity.platformVersion,
        'x-plex-device': 'Linux',
        // Sent as UTF-8 bytes; plex.tv (and the fake) read them back as the same name.
        'x-plex-device-name': 'Jürgen’s 山田 PC',
      })
      expect(request?.headers['x-plex-token']).toBeUndefined()
    }
  })

  it('asks for a 4-character code with strong=false', async () => {
    unwrap(await client.createPin({ strong: false }))
    expect(fake.requests[0]?.query).toEqual({ strong: 'false' })
  })

  it('sends the token as X-Plex-Token on token calls, never in the URL', async () => {
    const pin = unwrap(await client.createPin({ strong: true }))
    const token = fake.approve(pin.id)
    fake.clearRequests()
    unwrap(await client.getUser(token))
    unwrap(await client.getResources(token))
    unwrap(await client.signOut(token))
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v2/user',
      'GET /api/v2/resources',
      'DELETE /api/v2/users/signout',
    ])
    for (const request of fake.requests) {
      expect(request.headers['x-plex-token']).toBe(token)
      expect(request.headers['x-plex-client-identifier']).toBe(identity.clientId)
      expect(JSON.stringify(request.query)).not.toContain(token)
    }
  })

  it('gets JSON although the fake answers XML to anyone who does not ask for JSON', async () => {
    const pin = unwrap(await client.createPin({ strong: false }))
    expect(pin.code).toMatch(/^[A-Z0-9]{4}$/)
    const raw = await fetch(`${fake.url}/api/v2/pins/${pin.id}`, { headers: { 'X-Plex-Client-Identifier': identity.clientId } })
    expect(await raw.text()).toContain(`<pin id="${pin.id}"`)
    expect(fake.requests[0]?.headers['accept']).toBe('application/json')
  })
})

describe('account calls', () => {
  it('reads resources: provides split, each server with its token and its addresses', async () => {
    const token = fake.approve(unwrap(await client.createPin({ strong: true })).id)
    const resources = unwrap(await client.getResources(token))
    expect(resources.map((r) => r.name)).toEqual([...fake.mediaServers.map((s) => s.name), 'Living Room'])
    const cabin = fake.mediaServer('Cabin')
    expect(resources[1]).toEqual({
      name: 'Cabin',
      product: 'Plex Media Server',
      clientIdentifier: cabin.clientIdentifier,
      provides: ['server'],
      owned: true,
      presence: true,
      accessToken: cabin.accessToken,
      httpsRequired: false,
      connections: cabin.connections.map((c) => ({
        protocol: c.protocol,
        address: '127.0.0.1',
        port: c.port,
        uri: c.uri,
        local: c.local,
        relay: c.relay,
        ipv6: false,
      })),
    })
    expect(resources[1]?.connections.map((c) => c.protocol)).toEqual(['http', 'https', 'http', 'http'])
    expect(resources.at(-1)).toEqual({
      name: 'Living Room',
      product: 'Plex for Android (TV)',
      clientIdentifier: 'b1d2e3f4a5b6c7d8',
      provides: ['client', 'player', 'pubsub-player'],
      owned: true,
      presence: false,
      accessToken: null,
      httpsRequired: false,
      connections: [],
    })
  })

  it('signs out: the token no longer works afterwards', async () => {
    const token = fake.approve(unwrap(await client.createPin({ strong: true })).id)
    expect(await client.signOut(token)).toEqual({ ok: true, value: undefined })
    expect(await client.getUser(token)).toMatchObject({ ok: false, error: { code: 'token-rejected' } })
  })

  it('reads the user, with the avatar URL plex.tv gave', async () => {
    const token = fake.approve(unwrap(await client.createPin({ strong: true })).id, { email: 'ada@example.com', uuid: 'abcdef0123456789' })
    const user = unwrap(await client.getUser(token))
    expect(user).toMatchObject({ id: 13692262, uuid: 'abcdef0123456789', email: 'ada@example.com' })
    expect(user.thumb).toMatch(new RegExp(`^${fake.url}/users/abcdef0123456789/avatar\\?c=\\d+$`))
  })
})

describe('authUrl', () => {
  it('puts clientID, code and every context[device] key in the fragment, each percent-encoded', () => {
    const odd = testIdentity({ deviceName: 'Ada’s Mac & PC #1 / 50%', version: '1.0.0+build 7' })
    const c = createPlexClient({ identity: odd, fetch, endpoints: PLEX_ENDPOINTS })
    const url = c.authUrl('3patfx1a78ukcbr7x0n9bl26t')
    expect(url.startsWith('https://app.plex.tv/auth#?clientID=')).toBe(true)
    const fragment = url.slice(url.indexOf('#?') + 2)
    // Nothing that would end a parameter or the fragment early appears unencoded.
    expect(fragment.split('&')).toHaveLength(8)
    expect(fragment).not.toMatch(/[[\]# ]/)
    expect(fragment).toContain('context%5Bdevice%5D%5Bproduct%5D=Plexkey')
    expect(Object.fromEntries(new URLSearchParams(fragment))).toEqual({
      clientID: odd.clientId,
      code: '3patfx1a78ukcbr7x0n9bl26t',
      'context[device][product]': 'Plexkey',
      'context[device][version]': '1.0.0+build 7',
      'context[device][platform]': 'Linux',
      'context[device][platformVersion]': odd.platformVersion,
      'context[device][device]': 'Linux',
      'context[device][deviceName]': 'Ada’s Mac & PC #1 / 50%',
    })
  })

  it('carries a forwardUrl, percent-encoded, only when given one', () => {
    const c = createPlexClient({ identity: testIdentity(), fetch, endpoints: PLEX_ENDPOINTS })
    const back = 'http://127.0.0.1:41234/Ab_-9?x=1&y=#z'
    const url = c.authUrl('code1', back)
    const fragment = url.slice(url.indexOf('#?') + 2)
    expect(fragment).toContain(`&code=code1&forwardUrl=${encodeURIComponent(back)}&`)
    expect(fragment.split('&')).toHaveLength(9)
    expect(new URLSearchParams(fragment).get('forwardUrl')).toBe(back)
    expect(c.authUrl('code1')).not.toContain('forwardUrl')
  })

  it('uses PLEXKEY_AUTH_URL when set', () => {
    expect(client.authUrl('abc')).toMatch(new RegExp(`^${fake.authUrl}#\\?clientID=`))
  })
})

describe('logging', () => {
  it('never writes a token, however the call ends', async () => {
    // The server tokens are read from the very answers the client was handed.
    const serverTokens: string[] = []
    client = plexClientOnFake(fake, {
      identity,
      logger: createLogger('plex', { level: 'debug', sink: (l) => logLines.push(l) }),
      fetch: async (url, init) => {
        const response = await fetch(url, init)
        if (String(url).includes('/api/v2/resources') && response.ok) {
          const listed = (await response.clone().json()) as { accessToken: string | null }[]
          serverTokens.push(...listed.flatMap((r) => (r.accessToken ? [r.accessToken] : [])))
        }
        return response
      },
    })
    const pin = unwrap(await client.createPin({ strong: true }))
    const token = fake.approve(pin.id)
    unwrap(await client.checkPin(pin.id))
    unwrap(await client.getUser(token))
    unwrap(await client.getResources(token))
    expect(serverTokens).toEqual(fake.mediaServers.map((server) => server.accessToken))
    // Failures log more detail: make some happen with the token in play.
    fake.fault({ path: '/api/v2/user', status: 200, body: `{"authToken":"${token}","broken":`, times: 1 })
    expect((await client.getUser(token)).ok).toBe(false)
    fake.fault({ path: '/api/v2/user', status: 200, body: JSON.stringify({ authToken: token, id: 'x' }), times: 1 })
    expect((await client.getUser(token)).ok).toBe(false)
    fake.fault({ path: '/api/v2/user', drop: true, times: 1 })
    expect((await client.getUser(token)).ok).toBe(false)
    fake.revoke(token)
    expect((await client.getUser(token)).ok).toBe(false)
    unwrap(await client.signOut(fake.approve(unwrap(await client.createPin({ strong: false })).id)))

    expect(logLines.length).toBeGreaterThan(10)
    const all = logLines.join('\n')
    expect(all).not.toContain(token)
    for (const serverToken of serverTokens) expect(all).not.toContain(serverToken)
    expect(all).toContain('X-Plex-Token')
  })
})
