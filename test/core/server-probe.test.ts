import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { candidatesFor } from '../../main/core/servers/candidates'
import { chooseConnection, type ProbeTiming } from '../../main/core/servers/choose-connection'
import { probeServer, probeServers, serversOf } from '../../main/core/servers/probe-servers'
import type { PlexResource } from '../../main/core/plex/plex-types'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { resourceNamed, resourcesOnFake } from '../support/servers-on-fake'
import { type CountingClock, createCountingClock } from '../support/test-clock'

// A deadline no test may reach: a probe that waited one out would fail the test by vitest's timeout.
const NEVER = 60_000
const QUICK_GRACE: ProbeTiming = { graceMs: 20, timeoutMs: NEVER }
const LONG_GRACE: ProbeTiming = { graceMs: NEVER, timeoutMs: NEVER }

let fake: FakePlex
let resources: readonly PlexResource[]
let clock: CountingClock
const releases: (() => void)[] = []

beforeAll(async () => {
  fake = await startFakePlex()
  resources = await resourcesOnFake(fake)
})
afterAll(async () => {
  await fake.close()
})
afterEach(() => {
  for (const release of releases.splice(0)) release()
  fake.clearMediaRequests()
})

const options = (timing: ProbeTiming) => {
  clock = createCountingClock()
  return { fetch, clock, timing }
}
const hold = (server: string, index: number): void => {
  const connection = fake.mediaServer(server).connections[index]
  if (!connection) throw new Error(`${server} has no address ${index}`)
  releases.push(connection.hold())
}
const uriOf = (server: string, index: number): string => fake.mediaServer(server).connections[index]?.uri ?? ''

describe('finding a server’s best address', () => {
  it('takes the local address of an owned server when it answers, without waiting for the others', async () => {
    hold('Basement', 2) // the relay never answers before the choice
    const state = await probeServer(resourceNamed(resources, 'Basement'), options(QUICK_GRACE))
    expect(state).toMatchObject({ kind: 'online', address: { uri: uriOf('Basement', 0), kind: 'local', protocol: 'http' } })
    expect(state.kind === 'online' && state.rttMs).toBeGreaterThanOrEqual(0)
    expect(clock.pending()).toBe(0)
  })

  it('prefers local over remote over relay, whichever answers first', async () => {
    hold('Basement', 0)
    hold('Basement', 1)
    const choice = chooseConnection(candidatesFor(resourceNamed(resources, 'Basement')), fake.mediaServer('Basement').clientIdentifier, options(LONG_GRACE))
    // The relay answers; remote and local still pending: it waits for them. Then remote, then local.
    await expect.poll(() => fake.mediaRequests().filter((r) => r.path === '/identity').length).toBe(3)
    releases.pop()?.()
    releases.pop()?.()
    expect(await choice).toMatchObject({ kind: 'chosen', candidate: { kind: 'local', uri: uriOf('Basement', 0) } })
  })

  it('gives a better address still pending only a short grace, then takes the one that answered', async () => {
    hold('Basement', 0)
    const state = await probeServer(resourceNamed(resources, 'Basement'), options(QUICK_GRACE))
    expect(state).toMatchObject({ kind: 'online', address: { kind: 'remote', uri: uriOf('Basement', 1) } })
    expect(clock.delays).toEqual([NEVER, 20])
  })

  it('never waits out a local address that accepts the connection and never answers', async () => {
    const state = await probeServer(resourceNamed(resources, 'Cabin'), options(QUICK_GRACE))
    expect(state).toMatchObject({ kind: 'online', address: { kind: 'remote', uri: uriOf('Cabin', 2) } })
    expect(clock.pending()).toBe(0)
  })

  it('never chooses an impostor, even one that answers first, and gives no address a token', async () => {
    hold('Lookalike', 1)
    const pending = probeServer(resourceNamed(resources, 'Lookalike'), options(QUICK_GRACE))
    await expect.poll(() => fake.mediaRequests().filter((r) => r.path === '/identity').length).toBe(2)
    releases.pop()?.()
    expect(await pending).toMatchObject({ kind: 'online', address: { kind: 'remote', uri: uriOf('Lookalike', 1) } })
    const garage = await probeServer(resourceNamed(resources, 'Garage'), options(QUICK_GRACE))
    expect(garage).toEqual({
      kind: 'unreachable',
      tried: [
        { uri: uriOf('Garage', 0), kind: 'local', failure: 'refused' },
        { uri: uriOf('Garage', 1), kind: 'remote', failure: 'wrong-server' },
      ],
    })
    expect(fake.mediaRequests().length).toBeGreaterThan(0)
    for (const request of fake.mediaRequests()) expect(request).toMatchObject({ path: '/identity', token: null })
  })

  it('never contacts a shared server’s local address; a slow remote wins while the grace lasts', async () => {
    const state = await probeServer(resourceNamed(resources, 'cabin'), options(LONG_GRACE))
    expect(state).toMatchObject({ kind: 'online', address: { kind: 'remote', uri: uriOf('cabin', 1) } })
    expect(fake.mediaRequests().map((r) => r.uri)).not.toContain(uriOf('cabin', 0))
  })

  it('takes the relay that answered once the grace for a slow remote is over', async () => {
    const state = await probeServer(resourceNamed(resources, 'cabin'), options(QUICK_GRACE))
    expect(state).toMatchObject({ kind: 'online', address: { kind: 'relay', uri: uriOf('cabin', 2) } })
  })

  it('calls a server plex.tv has not seen offline, and names what was tried', async () => {
    expect(await probeServer(resourceNamed(resources, 'Attic'), options(QUICK_GRACE))).toEqual({
      kind: 'offline',
      tried: [
        { uri: uriOf('Attic', 0), kind: 'local', failure: 'refused' },
        { uri: uriOf('Attic', 1), kind: 'remote', failure: 'refused' },
      ],
    })
  })

  it('counts an address that has not answered by the deadline as no answer', async () => {
    clock = createCountingClock()
    const cabin = resourceNamed(resources, 'Cabin')
    const onlyLocal = { ...cabin, connections: cabin.connections.slice(0, 1) }
    const state = await probeServer(onlyLocal, { fetch, clock, timing: { graceMs: 20, timeoutMs: 50 } })
    expect(state).toEqual({ kind: 'unreachable', tried: [{ uri: uriOf('Cabin', 0), kind: 'local', failure: 'no-answer' }] })
    expect(clock.pending()).toBe(0)
  })

  it('stops at once when the caller aborts', async () => {
    hold('Basement', 0)
    hold('Basement', 1)
    hold('Basement', 2)
    const controller = new AbortController()
    clock = createCountingClock()
    const pending = probeServer(resourceNamed(resources, 'Basement'), { fetch, clock, timing: LONG_GRACE, signal: controller.signal })
    controller.abort()
    expect(await pending).toMatchObject({ kind: 'unreachable', tried: [{ failure: 'no-answer' }, { failure: 'no-answer' }, { failure: 'no-answer' }] })
    expect(clock.pending()).toBe(0)
  })

  it('probes every server of the account at once, and leaves players out', async () => {
    const views = await probeServers(serversOf(resources), options(QUICK_GRACE))
    expect(views.map((v) => [v.name, v.owned, v.state.kind])).toEqual([
      ['Basement', true, 'online'],
      ['Cabin', true, 'online'],
      ['Lookalike', true, 'online'],
      ['cabin', false, 'online'],
      ['Attic', true, 'offline'],
      ['Garage', true, 'unreachable'],
      [fake.mediaServers[6]?.name, false, 'offline'],
    ])
    expect(JSON.stringify(views)).not.toContain(fake.mediaServer('Basement').accessToken)
  })
})
