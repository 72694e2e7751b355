import type { ClientRequest, ClientRequestConstructorOptions, Session } from 'electron'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPlexTransport, PLEX_PARTITION } from '../../main/app/plex-transport'
import { headerText, headerValue, plexHeaders } from '../../main/core/plex/headers'
import type { FetchLike } from '../../main/core/plex/plex-client'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { net, session, standIn } from '../support/electron-stand-in'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { until } from '../support/signin-fixture'
import { testIdentity } from '../support/test-identity'

// main's transport to plex.tv, on the stand-in's net.request (real HTTP, behaving as Electron's),
// against the fake plex.tv.

let fake: FakePlex
beforeEach(async () => {
  standIn.reset()
  fake = await startFakePlex()
})
afterEach(async () => {
  await fake.close()
})

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

  it('an abort rejects with the signal’s reason and ends the request', async () => {
    let release: () => void = () => undefined
    fake.fault({ path: '/api/v2/user', holdUntil: new Promise<void>((resolve) => (release = resolve)) })
    const controller = new AbortController()
    const answer = transport()(`${fake.url}/api/v2/user`, { signal: controller.signal, redirect: 'manual' })
    const reason = new Error('deadline')
    controller.abort(reason)
    await expect(answer).rejects.toBe(reason)
    release()
  })

  it('a body cut short by its reader (over the size cap) aborts the request', async () => {
    fake.fault({ path: '/api/v2/user', oversizedBytes: 5_000_000 })
    const plex = plexClientOnFake(fake, { fetch: transport(), maxResponseBytes: 64 * 1024 })
    expect(await plex.getUser('token-1')).toMatchObject({ ok: false, error: { code: 'bad-response' } })
    expect(net.requests[0]?.wasAborted).toBe(true)
  })

  it('a body that stops coming ends when the caller aborts, and so does the request', async () => {
    fake.fault({ path: '/api/v2/user', stallBody: true })
    const plex = plexClientOnFake(fake, { fetch: transport() })
    const controller = new AbortController()
    const result = plex.getUser('token-1', { signal: controller.signal })
    await until(() => fake.requests.length === 1, 'the request to arrive')
    controller.abort()
    expect((await result).ok).toBe(false)
    expect(net.requests[0]?.wasAborted).toBe(true)
  })

  it('a request refused by the network rejects as fetch does', async () => {
    const url = fake.url
    await fake.close()
    fake = await startFakePlex()
    await expect(transport()(`${url}/api/v2/user`, { redirect: 'manual' })).rejects.toThrow('fetch failed')
  })

  it('an API call answered with a redirect is a bad answer, not "unreachable"', async () => {
    fake.fault({ path: '/api/v2/user', status: 302, headers: { Location: 'https://evil.example/' } })
    const plex = plexClientOnFake(fake, { fetch: transport() })
    const result = await plex.getUser('token-1')
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-response' } })
    expect(fake.requests).toHaveLength(1)
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
