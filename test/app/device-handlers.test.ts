import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { DeviceListing, RemovalOutcome } from '../../preload/api'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { failure, useScannedIpcHarness, value } from '../support/ipc-answers'
import type { IpcHarness } from '../support/shell-harness'

// The window's "Where you're signed in": devices:list and devices:remove through the handlers the
// app registers on (the stand-in's) ipcMain, over the real sign-in service and the fake plex.tv,
// whose device list carries every device's token, as plex.tv's does.

const DAY = 24 * 3600 * 1000
/** A device name as hostile as another program could make it: escapes, bidi, non-ASCII and length. */
const HOSTILE = `\u001b]0;pwned\u0007 Ünïcödé 山田 \u202egnp.exe\u202c & ${'z'.repeat(300)}`

let h: IpcHarness
// No token the fake ever issued crossed IPC (either way) or reached a log line.
useScannedIpcHarness((started) => {
  h = started
})

const list = async (): Promise<DeviceListing[]> => value<DeviceListing[]>(await h.invoke('devices:list'))
const remove = (id: number) => h.invoke('devices:remove', { id })

/** Signs this desktop in through the window's own channels: its token. */
const signIn = async (): Promise<string> => (await h.signIn()).token

interface Elsewhere {
  readonly token: string
  readonly clientId: string
}

/** Signs the same account in on another device, named as its program says (the query carries any character). */
async function signInElsewhere(name: string, product = 'Plex Web', platform = 'Chrome'): Promise<Elsewhere> {
  const clientId = randomUUID()
  const query = new URLSearchParams({ strong: 'false', 'X-Plex-Client-Identifier': clientId, 'X-Plex-Device-Name': name, 'X-Plex-Product': product, 'X-Plex-Platform': platform })
  const created = await rawHttp(h.fx.fake, `/api/v2/pins?${query.toString()}`, { method: 'POST', headers: { Accept: 'application/json' } })
  expect(created.status).toBe(201)
  return { token: h.fx.fake.approve((JSON.parse(created.text) as { id: number }).id), clientId }
}

const idOf = (device: Elsewhere): number => {
  const found = h.fx.fake.devices().find((d) => d.clientIdentifier === device.clientId)
  if (!found) throw new Error('the fake lists no such device')
  return found.id
}
const listed = (device: Elsewhere): boolean => h.fx.fake.devices().some((d) => d.clientIdentifier === device.clientId)
/** What plex.tv answers a call made with this token (200: accepted, 401: refused). Also marks the device seen. */
const userStatus = async (token: string): Promise<number> => (await rawHttp(h.fx.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).status
const deletes = (): number => h.fx.fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/devices/')).length

describe('devices:list', () => {
  it('where the account is signed in, last seen first, this desktop marked, the stale flagged, names as plex.tv sent them', async () => {
    const desktop = await signIn()
    const old = await signInElsewhere('Old laptop', 'Plex Web', 'Firefox')
    const hostile = await signInElsewhere(HOSTILE, 'Plex for Android (TV)', 'Android')
    const phone = await signInElsewhere('iPhone', 'Plex for iOS', 'iOS')
    // 100 days on, the desktop, the TV and the phone are used again; the old laptop is not.
    h.fx.clock.advance(100 * DAY)
    for (const token of [desktop, hostile.token, phone.token]) expect(await userStatus(token)).toBe(200)

    const devices = await list()
    for (const device of devices) {
      expect(Object.keys(device).sort()).toEqual(['clientIdentifier', 'id', 'lastSeenAt', 'name', 'platform', 'product', 'stale', 'thisDesktop', 'tool'])
    }
    expect(devices.filter((d) => d.thisDesktop).map((d) => d.clientIdentifier)).toEqual([h.fx.identity.clientId])
    const seen = devices.map((d) => d.lastSeenAt ?? 0)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    expect(devices.at(-1)).toMatchObject({ id: idOf(old), name: 'Old laptop', product: 'Plex Web', platform: 'Firefox', stale: true, thisDesktop: false, tool: null })
    expect(devices.filter((d) => d.stale).map((d) => d.id)).toEqual([idOf(old)])
    // Untrusted text crosses as plex.tv sent it: the window escapes it where it shows it.
    expect(devices.find((d) => d.id === idOf(hostile))?.name).toBe(HOSTILE)
    expect(devices.find((d) => d.id === idOf(phone))).toMatchObject({ name: 'iPhone', product: 'Plex for iOS', stale: false })
    // The account's own Media Servers are listed too, each with its token at plex.tv: none crossed.
    expect(devices.some((d) => d.product === 'Plex Media Server')).toBe(true)
  })

  it('signed out: invalid-state, and nothing is asked of plex.tv', async () => {
    await h.service.restore()
    const before = h.fx.fetchCalls()
    expect(failure(await h.invoke('devices:list'))).toMatchObject({ code: 'invalid-state', message: 'Sign in to Plex to see where your account is signed in.' })
    expect(failure(await remove(123456789)).code).toBe('invalid-state')
    expect(h.fx.fetchCalls()).toBe(before)
  })

  it('a locked keychain: the keychain error, as data', async () => {
    await signIn()
    h.vault.failLoad = true
    expect(failure(await h.invoke('devices:list')).code).toBe('keychain')
    h.vault.failLoad = false
  })

  it('429 and no network come back as errors in data, a Retry-After as the time it points to', async () => {
    await signIn()
    h.fx.fake.fault({ path: '/api/v2/devices', status: 429, retryAfter: '30' })
    const before = h.fx.clock.now()
    const limited = failure(await h.invoke('devices:list'))
    expect(limited).toMatchObject({ code: 'rate-limited', retryable: true, status: 429 })
    // Plain data: the client's own milliseconds stay in main.
    expect(Object.keys(limited).sort()).toEqual(['code', 'message', 'plexCode', 'retryAt', 'retryable', 'status'])
    expect(limited.retryAt).toBeGreaterThanOrEqual(before + 30_000)
    expect(limited.retryAt).toBeLessThanOrEqual(h.fx.clock.now() + 30_000)
    h.fx.fake.clearFaults()
    h.fx.fake.fault({ path: '/api/v2/devices', drop: true })
    expect(failure(await h.invoke('devices:list'))).toMatchObject({ code: 'network', retryable: true })
  })

  it('a sign-in plex.tv no longer accepts: token-rejected', async () => {
    const desktop = await signIn()
    h.fx.fake.revoke(desktop)
    expect(failure(await h.invoke('devices:list')).code).toBe('token-rejected')
  })
})

describe('devices:remove', () => {
  it('removes another device at plex.tv, checks with its own token that plex.tv refuses it; the desktop stays signed in', async () => {
    const desktop = await signIn()
    const kitchen = await signInElsewhere('Kitchen speaker', 'Plexamp', 'Linux')
    const id = idOf(kitchen)
    h.fx.fake.clearRequests()
    expect(value<RemovalOutcome>(await remove(id))).toEqual({ tokenRefused: true })
    expect(listed(kitchen)).toBe(false)
    // The check asked plex.tv about the removed device's own token, once.
    expect(h.fx.fake.requests.filter((r) => r.path === '/api/v2/user').map((r) => r.headers['x-plex-token'])).toEqual([kitchen.token])
    expect(await userStatus(kitchen.token)).toBe(401)
    expect(await userStatus(desktop)).toBe(200)
    expect(h.state().kind).toBe('signed-in')
    expect((await list()).some((d) => d.id === id)).toBe(false)
  })

  it('refuses this desktop itself, pointing to Sign out; nothing is removed', async () => {
    const desktop = await signIn()
    const own = (await list()).find((d) => d.thisDesktop)
    if (!own) throw new Error('this desktop is not listed')
    const error = failure(await remove(own.id))
    expect(error.code).toBe('invalid-state')
    expect(error.message).toContain('To sign this desktop out, use Sign out.')
    expect(deletes()).toBe(0)
    expect(await userStatus(desktop)).toBe(200)
  })

  it('a device plex.tv no longer lists, or that goes while its removal is on the way: device-gone', async () => {
    const desktop = await signIn()
    const lamp = await signInElsewhere('Lamp', 'Plex Web', 'Edge')
    const id = idOf(lamp)
    let release = (): void => undefined
    h.fx.fake.fault({ method: 'DELETE', path: /^\/devices\//, times: 1, holdUntil: new Promise<void>((resolve) => (release = resolve)) })
    const removing = remove(id)
    await expect.poll(deletes, { timeout: 10_000, interval: 10 }).toBe(1)
    // Someone removes it at plex.tv while our own request is on its way.
    expect((await rawHttp(h.fx.fake, `/devices/${id}.xml`, { method: 'DELETE', headers: clientHeaders(randomUUID(), desktop) })).status).toBe(200)
    release()
    expect(failure(await removing)).toMatchObject({ code: 'device-gone', message: 'plex.tv no longer lists this device.' })
    // And asked again, it is not in the list at all.
    expect(failure(await remove(id)).code).toBe('device-gone')
    expect(deletes()).toBe(2)
  })

  it('says whether plex.tv still accepts the removed token, or that it could not be checked', async () => {
    await signIn()
    const tablet = await signInElsewhere('Tablet', 'Plex for Android', 'Android')
    const still = await rawHttp(h.fx.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), tablet.token) })
    // plex.tv answers the check as if the token still worked (as a removed device's token once was).
    h.fx.fake.fault({ path: '/api/v2/user', times: 1, status: 200, body: still.text, contentType: 'application/json' })
    expect(value<RemovalOutcome>(await remove(idOf(tablet)))).toEqual({ tokenRefused: false })
    expect(h.logLines.join('\n')).toContain('plex.tv still accepts the token of a removed device')

    const watch = await signInElsewhere('Watch', 'Plex for watchOS', 'watchOS')
    h.fx.fake.fault({ path: '/api/v2/user', times: 1, drop: true })
    expect(value<RemovalOutcome>(await remove(idOf(watch)))).toEqual({ tokenRefused: null })
    expect(listed(watch)).toBe(false)
    expect(h.logLines.join('\n')).toContain('could not be checked')
  })

  it('429 on the removal: rate-limited, and the device stays', async () => {
    await signIn()
    const spare = await signInElsewhere('Spare', 'Plex Web', 'Safari')
    h.fx.fake.fault({ method: 'DELETE', path: /^\/devices\//, status: 429 })
    expect(failure(await remove(idOf(spare))).code).toBe('rate-limited')
    expect(listed(spare)).toBe(true)
    expect(await userStatus(spare.token)).toBe(200)
  })
})
