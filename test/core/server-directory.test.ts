import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../main/core/clock'
import { createServerDirectory } from '../../main/core/servers/server-directory'
import type { Result, ServersView } from '../../preload/api'
import { ok } from '../../main/core/result'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { unwrap } from '../support/result-parts'
import { until } from '../support/signin-fixture'

let fake: FakePlex
let token: string
beforeAll(async () => {
  fake = await startFakePlex()
  const plex = plexClientOnFake(fake)
  token = fake.approve(unwrap(await plex.createPin({ strong: true })).id)
})
afterAll(async () => {
  await fake.close()
})

function directory(identityToken: () => Promise<Result<string | null>> = async () => ok(token)) {
  return createServerDirectory({ plex: plexClientOnFake(fake), identityToken, fetch, clock: systemClock, timing: { graceMs: 20, timeoutMs: 60_000 }, allowUnencryptedServers: () => false })
}

describe('the server directory in main', () => {
  it('lists every server with its state and address, names fit to show, and no token anywhere', async () => {
    const servers = directory()
    const seen: (ServersView | null)[] = []
    servers.subscribe((view) => seen.push(view))
    const view = unwrap(await servers.refresh())
    expect(view.servers.map((s) => [s.name.slice(0, 12), s.owned, s.state.kind])).toEqual([
      ['Basement', true, 'online'],
      ['Cabin', true, 'online'],
      ['Lookalike', true, 'online'],
      ['cabin', false, 'online'],
      ['Attic', true, 'offline'],
      ['Garage', true, 'unreachable'],
      [']0;pwned Ünï', false, 'offline'],
    ])
    expect(view.servers[0]?.state).toEqual({ kind: 'online', via: 'local', url: fake.mediaServer('Basement').connections[0]?.uri, rttMs: expect.any(Number), encrypted: true })
    expect(view.servers[5]?.state).toEqual({ kind: 'unreachable', tried: 2 })
    expect(seen).toEqual([view])
    expect(servers.addressOf(fake.mediaServer('Cabin').clientIdentifier)).toBe(fake.mediaServer('Cabin').connections[2]?.uri)
    expect(servers.addressOf(fake.mediaServer('Attic').clientIdentifier)).toBeNull()
    const text = JSON.stringify(view)
    expect(text).not.toContain(token)
    for (const server of fake.mediaServers) expect(text).not.toContain(server.accessToken)
  })

  it('joins a refresh already running, and one started before sign-out never brings the list back', async () => {
    const servers = directory()
    fake.clearRequests()
    const first = servers.refresh()
    const second = servers.refresh()
    expect(second).toBe(first)
    await first
    expect(fake.requests.filter((r) => r.path === '/api/v2/resources')).toHaveLength(1)

    const stale = servers.refresh()
    servers.clear()
    expect(servers.current()).toBeNull()
    expect((await stale).ok).toBe(true)
    expect(servers.current()).toBeNull()
  })

  it('reloads for a new identity without joining the refresh still running for the one before, whose list is never published', async () => {
    const sam = fake.homeMembers().find((m) => m.title === 'Sam')
    if (!sam) throw new Error('the fake has no Sam')
    const samToken = unwrap(await plexClientOnFake(fake).switchHomeUser(token, sam.uuid, {}))
    let current = token
    const servers = directory(async () => ok(current))
    const published: (readonly boolean[])[] = []
    servers.subscribe((view) => published.push(view?.servers.map((s) => s.owned) ?? []))
    let release = (): void => undefined
    fake.fault({ path: '/api/v2/resources', holdUntil: new Promise<void>((resolve) => (release = resolve)), times: 1 })
    fake.clearRequests()

    const owners = servers.refresh()
    await until(() => fake.requests.some((r) => r.path === '/api/v2/resources'), 'the held request')
    current = samToken
    const sams = servers.reload()
    expect(sams).not.toBe(owners)
    const samsView = unwrap(await sams)
    expect(samsView.servers.every((s) => !s.owned)).toBe(true)
    release()
    expect(unwrap(await owners).servers.some((s) => s.owned)).toBe(true)
    // Only the new identity's list was ever shown.
    expect(published).toEqual([samsView.servers.map(() => false)])
    expect(servers.current()).toEqual(samsView)
  })

  it('signed out: a clear error and no request to plex.tv', async () => {
    fake.clearRequests()
    const result = await directory(async () => ok(null)).refresh()
    expect(result).toEqual({ ok: false, error: { code: 'invalid-state', message: 'Sign in to Plex to see your servers.', retryable: false } })
    expect(fake.requests).toEqual([])
  })
})
