import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isAllowedAvatarUrl } from '../../main/core/plex/avatar'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { solidPng } from '../fake-plex/png'
import type { FakePlex } from '../fake-plex/server'
import { startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf } from '../support/result-parts'

let fake: FakePlex
let client: PlexClient

beforeEach(async () => {
  fake = await startFakePlex()
  client = plexClientOnFake(fake)
})
afterEach(async () => {
  await fake.close()
})

async function thumb(): Promise<string> {
  const pin = await client.createPin({ strong: true })
  if (!pin.ok) throw new Error(pin.error.message)
  const user = await client.getUser(fake.approve(pin.value.id))
  if (!user.ok || !user.value.thumb) throw new Error('no thumb')
  return user.value.thumb
}

describe('fetchAvatar', () => {
  it('follows plex.tv\'s redirect and returns the image as a data URL', async () => {
    const result = await client.fetchAvatar(await thumb())
    expect(result).toEqual({ ok: true, value: `data:image/png;base64,${solidPng().toString('base64')}` })
    expect(fake.requests.slice(-2).map((r) => r.path)).toEqual([expect.stringMatching(/^\/users\/\w+\/avatar$/), expect.stringMatching(/^\/avatars\/\w+\.png$/)])
    // No token travels with an avatar request.
    expect(fake.requests.at(-1)?.headers['x-plex-token']).toBeUndefined()
  })

  it('refuses hosts other than plex.tv (or its stand-in) without a request', async () => {
    for (const url of ['http://evil.example/a.png', 'https://plex.tv.evil.example/a.png', 'not a url', 'javascript:alert(1)']) {
      expect(errorOf(await client.fetchAvatar(url)).code).toBe('bad-response')
    }
    expect(fake.requests).toHaveLength(0)
  })

  it('refuses a redirect that leaves the allowed hosts', async () => {
    fake.fault({ path: /avatar$/, status: 302, headers: { Location: 'https://evil.example/a.png' } })
    expect(errorOf(await client.fetchAvatar(`${fake.url}/users/abc/avatar`)).message).toContain('not hosted on plex.tv')
    expect(fake.requests).toHaveLength(1)
  })

  it('gives up on a redirect loop', async () => {
    fake.fault({ path: /avatar$/, status: 302, headers: { Location: '/users/abc/avatar' } })
    expect(errorOf(await client.fetchAvatar(`${fake.url}/users/abc/avatar`)).message).toContain('redirected too often')
  })

  it('refuses anything that is not a PNG, JPEG, GIF or WebP, whatever the header says', async () => {
    fake.fault({ path: '/avatars/a.png', status: 200, body: '<html>hi</html>', contentType: 'text/html', times: 1 })
    expect(errorOf(await client.fetchAvatar(`${fake.url}/avatars/a.png`)).message).toContain('not an image')
    fake.fault({ path: '/avatars/a.png', status: 200, body: '<svg xmlns="http://www.w3.org/2000/svg"/>', contentType: 'image/svg+xml', times: 1 })
    expect(errorOf(await client.fetchAvatar(`${fake.url}/avatars/a.png`)).message).toContain('not a PNG, JPEG, GIF or WebP')
    fake.fault({ path: '/avatars/a.png', status: 200, body: 'GIF89a-but-then', contentType: 'image/png', times: 1 })
    expect(await client.fetchAvatar(`${fake.url}/avatars/a.png`)).toEqual({ ok: true, value: `data:image/gif;base64,${Buffer.from('GIF89a-but-then').toString('base64')}` })
  })

  it('caps the size', async () => {
    const small = plexClientOnFake(fake, { maxResponseBytes: 50 })
    expect(errorOf(await small.fetchAvatar(`${fake.url}/avatars/a.png`)).message).toContain('too large')
  })

  it('reports a missing avatar as a plex error', async () => {
    fake.fault({ path: '/avatars/a.png', status: 404 })
    expect(errorOf(await client.fetchAvatar(`${fake.url}/avatars/a.png`))).toMatchObject({ code: 'plex-error', status: 404 })
  })
})

describe('isAllowedAvatarUrl', () => {
  it.each([
    ['https://plex.tv/users/abc/avatar?c=1', true],
    ['https://assets.plex.tv/avatars/abc.png', true],
    ['https://metadata-static.plex.tv/a.png', true],
    ['http://plex.tv/users/abc/avatar', false],
    ['https://plex.tv.evil.example/a.png', false],
    ['https://evilplex.tv/a.png', false],
    ['https://user:pw@plex.tv/a.png', false],
    ['http://127.0.0.1:8787/users/abc/avatar', false],
  ])('for plex.tv: %s -> %s', (url, allowed) => {
    expect(isAllowedAvatarUrl(new URL(url), 'https://plex.tv')).toBe(allowed)
  })

  it.each([
    ['http://127.0.0.1:8787/users/abc/avatar', true],
    ['http://127.0.0.1:9999/users/abc/avatar', false],
    ['https://plex.tv/users/abc/avatar?c=1', false],
    ['https://assets.plex.tv/avatars/abc.png', false],
  ])('for a stand-in plex.tv, its origin only: %s -> %s', (url, allowed) => {
    expect(isAllowedAvatarUrl(new URL(url), 'http://127.0.0.1:8787')).toBe(allowed)
  })
})
