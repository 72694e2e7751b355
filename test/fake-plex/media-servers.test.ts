import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeConnection, FakePlex } from './server'
import { startFakePlex } from './server'

let fake: FakePlex
beforeAll(async () => {
  fake = await startFakePlex()
})
afterAll(async () => {
  await fake.close()
})

const connectionOf = (server: string, kind: FakeConnection['kind']): FakeConnection => {
  const found = fake.mediaServer(server).connections.find((c) => c.kind === kind)
  if (!found) throw new Error(`${server} lists no ${kind} address`)
  return found
}

async function identity(uri: string): Promise<string> {
  const res = await fetch(`${uri}/identity`, { headers: { Accept: 'application/json' } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { MediaContainer: { machineIdentifier: string } }).MediaContainer.machineIdentifier
}

describe('the fake Media Servers', () => {
  it('answer /identity without a token, with their machineIdentifier, in JSON or XML', async () => {
    const basement = fake.mediaServer('Basement')
    for (const c of basement.connections) expect(await identity(c.uri)).toBe(basement.clientIdentifier)
    const xml = await (await fetch(`${basement.connections[0]?.uri}/identity`)).text()
    expect(xml).toContain(`machineIdentifier="${basement.clientIdentifier}"`)
  })

  it('answer / only with the server’s own token, and record which address got which token', async () => {
    fake.clearMediaRequests()
    const basement = fake.mediaServer('Basement')
    const uri = basement.connections[0]?.uri ?? ''
    expect((await fetch(`${uri}/`)).status).toBe(401)
    expect((await fetch(`${uri}/`, { headers: { 'X-Plex-Token': fake.mediaServer('Lookalike').accessToken } })).status).toBe(401)
    expect((await fetch(`${uri}/`, { headers: { 'X-Plex-Token': basement.accessToken } })).status).toBe(200)
    expect((await fetch(`${uri}/?X-Plex-Token=${basement.accessToken}`)).status).toBe(200)
    expect(fake.mediaRequests().map((r) => [r.uri, r.path, r.token])).toEqual([
      [uri, '/', null],
      [uri, '/', fake.mediaServer('Lookalike').accessToken],
      [uri, '/', basement.accessToken],
      [uri, '/', basement.accessToken],
    ])
  })

  it('has an impostor that answers with another machineIdentifier and refuses the real token', async () => {
    const impostor = connectionOf('Lookalike', 'impostor')
    const id = await identity(impostor.uri)
    expect(id).toMatch(/^[0-9a-f]{40}$/)
    expect(id).not.toBe(fake.mediaServer('Lookalike').clientIdentifier)
    expect((await fetch(`${impostor.uri}/`, { headers: { 'X-Plex-Token': fake.mediaServer('Lookalike').accessToken } })).status).toBe(401)
  })

  it('holds an address’s /identity answers until the hold is released', async () => {
    const slow = connectionOf('Basement', 'live')
    const release = slow.hold()
    let answered = false
    const pending = identity(slow.uri).then((id) => {
      answered = true
      return id
    })
    // A request that is still held has been received, not answered.
    await expect.poll(() => fake.mediaRequests().some((r) => r.uri === slow.uri && r.path === '/identity')).toBe(true)
    expect(answered).toBe(false)
    release()
    expect(await pending).toBe(fake.mediaServer('Basement').clientIdentifier)
  })

  it('has an address that accepts TCP and never answers, and one where nothing listens', async () => {
    const silent = connectionOf('Cabin', 'silent')
    const controller = new AbortController()
    let settled = false
    const request = fetch(`${silent.uri}/identity`, { signal: controller.signal }).finally(() => {
      settled = true
    })
    // Connected, and still no answer after a live address has answered a request sent later.
    await new Promise<void>((resolve, reject) => connect(silent.port, '127.0.0.1', resolve).once('error', reject))
    await identity(connectionOf('Cabin', 'live').uri)
    expect(settled).toBe(false)
    controller.abort()
    await expect(request).rejects.toThrow()
    const refused = connectionOf('Attic', 'refused')
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = connect(refused.port, '127.0.0.1')
      socket.once('error', resolve)
    })
    expect(error.code).toBe('ECONNREFUSED')
  })
})
