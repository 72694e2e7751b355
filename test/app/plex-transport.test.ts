import type { ClientRequest, ClientRequestConstructorOptions, Session } from 'electron'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPlexTransport, PLEX_PARTITION } from '../../main/app/plex-transport'
import { headerText, headerValue, plexHeaders } from '../../main/core/plex/headers'
import type { FetchLike } from '../../main/core/plex/plex-client'
import { probeIdentity } from '../../main/core/servers/probe-identity'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { net, session, standIn } from '../support/electron-stand-in'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { rawHttpServer } from '../support/raw-http-server'
import { until } from '../support/signin-fixture'
import { testIdentity } from '../support/test-identity'

// main's transport to plex.tv, on the stand-in's net.request (real HTTP, behaving as Electron's),
// against the fake plex.tv.

let fake: FakePlex
beforeEach(async () => {
  standIn.reset()
  standIn.app.becomeReady()
  fake = await startFakePlex()
})
afterEach(async () => {
  await fake.close()
})

/** The address of the given kind that plex.tv lists for one of the fake's servers. */
const connectionOf = (server: string, kind: string): string =>
  fake.mediaServer(server).connections.find((c) => c.kind === kind)?.uri ?? ''

const transport = (): FetchLike =>
  createPlexTransport({
    request: (options: ClientRequestConstructorOptions) => net.request(options as never) as unknown as ClientRequest,
    session: session.fromPartition(PLEX_PARTITION) as unknown as Session,
  })

describe('the transport', () => {
  it('hands a 3xx back to the core and follows nothing', async () => {
    const response = await transport()(`${fake.url}/users/u-1/avatar`, { headers: { Accept: 'image/*' }, redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/avatars/u-1.png')
    expect(fake.requests.map((r) => r.path)).toEqual(['/users/u-1/avatar'])
  })

  it('returns answers with their status, headers and body, and sends a text body', async () => {
    const response = await transport()(`${fake.url}/api/v2/pins?strong=true`, {
      method: 'POST',
      headers: { ...plexHeaders(testIdentity()), 'Content-Type': 'application/json' },
      body: '{}',
      redirect: 'manual',
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(((await response.json()) as { code: string }).code).toHaveLength(25)
    expect(fake.requests[0]?.body).toBe('{}')
  })

  it('makes every request in the in-memory session, uncached, without credentials, following no redirect', async () => {
    await transport()(`${fake.url}/api/v2/pins/1`, { headers: plexHeaders(testIdentity()), redirect: 'manual' })
    expect(net.calls).toEqual([
      {
        via: 'request',
        url: `${fake.url}/api/v2/pins/1`,
        session: session.fromPartition(PLEX_PARTITION),
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'manual',
      },
    ])
    expect(session.fromPartition(PLEX_PARTITION).persistent).toBe(false)
  })


  it('a body cut short by its reader (over the size cap) aborts the request', async () => {
    fake.fault({ path: '/api/v2/user', oversizedBytes: 5_000_000 })
    const plex = plexClientOnFake(fake, { fetch: transport(), maxResponseBytes: 64 * 1024 })
    expect(await plex.getUser('token-1')).toMatchObject({ ok: false, error: { code: 'bad-response' } })
    expect(net.requests[0]?.wasAborted).toBe(true)
  })

  it('an API call answered with a redirect is a bad answer, not "unreachable"', async () => {
    fake.fault({ path: '/api/v2/user', status: 302, headers: { Location: 'https://evil.example/' } })
    const plex = plexClientOnFake(fake, { fetch: transport() })
    const result = await plex.getUser('token-1')
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-response' } })
    expect(fake.requests).toHaveLength(1)
  })
})

describe('a stalled exchange', () => {
  // Electron's ClientRequest closes right after end() (it is an autoDestroy Writable), long before
  // any answer: these aborts come after that, as a deadline or a cancel does.

  it('an abort before any answer rejects with the signal’s reason and cancels the request', async () => {
    let release: () => void = () => undefined
    fake.fault({ path: '/api/v2/user', holdUntil: new Promise<void>((resolve) => (release = resolve)) })
    const controller = new AbortController()
    const answer = transport()(`${fake.url}/api/v2/user`, { signal: controller.signal, redirect: 'manual' })
    const request = net.requests[0]
    await until(() => fake.requests.length === 1 && request?.closed === true, 'the request to reach plex.tv')
    const reason = new Error('deadline')
    controller.abort(reason)
    await expect(answer).rejects.toBe(reason)
    expect(request?.loaderCancelled).toBe(true)
    release()
  })

  it('a deadline reaches a request plex.tv holds: a timeout, not a call that never returns', async () => {
    let release: () => void = () => undefined
    fake.fault({ path: '/api/v2/user', holdUntil: new Promise<void>((resolve) => (release = resolve)) })
    const plex = plexClientOnFake(fake, { fetch: transport(), timeoutMs: 200 })
    expect(await plex.getUser('token-1')).toMatchObject({ ok: false, error: { code: 'timeout' } })
    expect(net.requests[0]?.loaderCancelled).toBe(true)
    release()
  })

  it('an abort while the body stalls ends the body and cancels the request', async () => {
    fake.fault({ path: '/api/v2/user', stallBody: true })
    const controller = new AbortController()
    const response = await transport()(`${fake.url}/api/v2/user`, { signal: controller.signal, redirect: 'manual' })
    const reader = response.body?.getReader()
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('{"id": 1272322473, ')
    const reason = new Error('cancelled')
    controller.abort(reason)
    await expect(reader?.read()).rejects.toBe(reason)
    expect(net.requests[0]?.loaderCancelled).toBe(true)
  })

  it('an aborted probe of an address that never answers closes its connection', async () => {
    const silent = fake.mediaServer('Cabin').connections.find((c) => c.kind === 'silent')
    const open = () => silent?.sockets?.().open ?? -1
    const controller = new AbortController()
    const probe = probeIdentity(transport(), silent?.uri ?? '', 'any', controller.signal, () => 0)
    await until(() => open() === 1, 'the probe to connect')
    controller.abort()
    expect(await probe).toEqual({ kind: 'failed', reason: 'no-answer' })
    await until(() => open() === 0, 'the connection to close')
  })

  it('an answer that closes before its end (its request ended elsewhere) is cut off, not left hanging', async () => {
    fake.fault({ path: '/api/v2/user', stallBody: true })
    const response = await transport()(`${fake.url}/api/v2/user`, { redirect: 'manual' })
    const reader = response.body?.getReader()
    await reader?.read()
    net.requests[0]?.abort()
    await expect(reader?.read()).rejects.toThrow('terminated')
  })

  it('a body that stalls under the client’s deadline ends as a timeout', async () => {
    fake.fault({ path: '/api/v2/user', stallBody: true })
    const plex = plexClientOnFake(fake, { fetch: transport(), timeoutMs: 200 })
    expect(await plex.getUser('token-1')).toMatchObject({ ok: false, error: { code: 'timeout' } })
    expect(net.requests[0]?.loaderCancelled).toBe(true)
  })
})

describe('network failures, as Electron names them', () => {
  it('a refused connection rejects as fetch does, and a probe files it as refused', async () => {
    const refused = connectionOf('Cabin', 'refused')
    const failure = await transport()(`${refused}/identity`, { redirect: 'manual' }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ message: 'fetch failed', cause: { message: 'net::ERR_CONNECTION_REFUSED' } })
    expect(await probeIdentity(transport(), refused, 'any', new AbortController().signal, () => 0)).toEqual({
      kind: 'failed',
      reason: 'refused',
    })
  })

  it('a certificate the OS does not trust is a certificate failure, for a probe and for plex.tv', async () => {
    const tls = await startFakePlex({ servers: [{ name: 'Den', owned: true, presence: true, connections: [{ kind: 'live', local: false, https: true }] }] })
    try {
      const den = tls.mediaServer('Den')
      const uri = den.connections[0]?.uri ?? ''
      expect(await probeIdentity(transport(), uri, den.clientIdentifier, new AbortController().signal, () => 0)).toEqual({
        kind: 'failed',
        reason: 'certificate',
      })
      const plex = plexClientOnFake(fake, { fetch: transport(), endpoints: { api: uri, clients: uri, auth: fake.authUrl } })
      expect(await plex.getUser('token-1')).toMatchObject({ ok: false, error: { code: 'network', retryable: true, message: expect.stringContaining('could not verify') } })
    } finally {
      await tls.close()
    }
  })

  it('a dropped connection is a network failure like any other', async () => {
    fake.fault({ path: '/api/v2/user', drop: true })
    const failure = await transport()(`${fake.url}/api/v2/user`, { redirect: 'manual' }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ message: 'fetch failed', cause: { message: 'net::ERR_EMPTY_RESPONSE' } })
  })
})

describe('odd answers', () => {
  const NAME = '山田'
  // A CJK value (above U+00FF once Electron has read it as UTF-8), a lone Latin-1 byte (U+FFFD), and
  // a reason phrase in UTF-8.
  const ODD_HEAD = Buffer.concat([
    Buffer.from(`HTTP/1.1 200 Gr\u00fc\u00dfe ${NAME}\r\n`, 'utf8'),
    Buffer.from(`X-Name: ${NAME}\r\n`, 'utf8'),
    Buffer.from('X-Latin: J', 'latin1'),
    Buffer.from([0xfc]),
    Buffer.from('rgen\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}', 'utf8'),
  ])

  it('headers and a status text beyond Latin-1 come through as the bytes that were sent', async () => {
    const odd = await rawHttpServer(ODD_HEAD)
    try {
      const response = await transport()(`${odd.url}/identity`, { redirect: 'manual' })
      expect(response.status).toBe(200)
      expect(Buffer.from(response.headers.get('x-name') ?? '', 'latin1').toString('utf8')).toBe(NAME)
      expect(Buffer.from(response.headers.get('x-latin') ?? '', 'latin1').toString('utf8')).toBe('J\ufffdrgen')
      expect(Buffer.from(response.statusText, 'latin1').toString('utf8')).toBe(`Gr\u00fc\u00dfe ${NAME}`)
      expect(await response.text()).toBe('{}')
    } finally {
      await odd.close()
    }
  })

  it('an answer no Response can hold fails the call and ends the request', async () => {
    const odd = await rawHttpServer(Buffer.from('HTTP/1.1 999 Odd\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'))
    try {
      const failure = await transport()(`${odd.url}/identity`, { redirect: 'manual' }).catch((error: unknown) => error)
      expect(failure).toMatchObject({ message: 'fetch failed', cause: expect.any(RangeError) })
      expect(net.requests[0]?.wasAborted).toBe(true)
    } finally {
      await odd.close()
    }
  })
})

describe('names that are not ASCII', () => {
  const name = 'Jürgen’s PC 山田'

  it.each([
    ['Electron’s net (UTF-8 header strings)', transport],
    ['Node’s fetch (byte strings)', (): FetchLike => fetch],
  ])('reach plex.tv as typed through %s', async (_, make) => {
    const plex = plexClientOnFake(fake, { fetch: make(), identity: testIdentity({ deviceName: name, product: 'Plexkey ✓' }) })
    expect((await plex.createPin({ strong: true })).ok).toBe(true)
    expect(fake.requests[0]?.headers['x-plex-device-name']).toBe(name)
    expect(fake.requests[0]?.headers['x-plex-product']).toBe('Plexkey ✓')
  })

  it('headerText gives back the text a byte string spells, and refuses what is not UTF-8', () => {
    expect(headerText(headerValue(name))).toBe(name)
    expect(headerText('plain ascii')).toBe('plain ascii')
    expect(() => headerText('\u00fc')).toThrow(TypeError)
    expect(() => headerText('山')).toThrow(TypeError)
  })
})
