import { ok } from '../../main/core/result'
import { describe, expect, it } from 'vitest'
import type { FetchLike } from '../../main/core/plex/plex-client'
import type { ProbeTiming } from '../../main/core/servers/choose-connection'
import { systemClock } from '../../main/core/clock'
import { probeServer } from '../../main/core/servers/probe-servers'
import { createServerDirectory } from '../../main/core/servers/server-directory'
import { unavailableSentence } from '../../main/core/servers/server-text'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { unwrap } from '../support/result-parts'
import { useFakeMediaServers } from '../support/fake-media-servers'
import { resourceNamed } from '../support/servers-on-fake'
import { type CountingClock, createCountingClock } from '../support/test-clock'

// Plain http to an address off this machine (the fake's 127.0.0.2) proves nothing: anyone on the
// way can answer /identity with the server's identifier, which is no secret. Such an address gets
// a token only when the user allowed it, and never while an https one is listed.

const NEVER = 60_000
const QUICK_GRACE: ProbeTiming = { graceMs: 20, timeoutMs: NEVER }

let clock: CountingClock
const media = useFakeMediaServers([
  // https whose certificate this computer does not trust, and plain http on the LAN.
  {
    name: 'Porch',
    owned: true,
    presence: true,
    connections: [
      { kind: 'live', local: true, offMachine: true },
      { kind: 'live', local: false, https: true },
    ],
  },
  // Plain http on the LAN and the internet, nothing else: secure connections turned off.
  {
    name: 'Shed',
    owned: true,
    presence: true,
    connections: [
      { kind: 'live', local: true, offMachine: true },
      { kind: 'live', local: false, offMachine: true },
    ],
  },
  // plex.tv says it requires https, yet lists plain http only.
  { name: 'Loft', owned: true, presence: true, httpsRequired: true, connections: [{ kind: 'live', local: false, offMachine: true }] },
  // https and plain http on this machine, at the same level.
  {
    name: 'Den',
    owned: true,
    presence: true,
    connections: [
      { kind: 'live', local: true },
      { kind: 'live', local: false, https: true },
    ],
  },
])
const { trustingFetch, uriOf, releases } = media
const probe = (name: string, options: { fetch?: FetchLike; allowUnencrypted?: boolean; timing?: ProbeTiming } = {}) => {
  clock = createCountingClock()
  return probeServer(resourceNamed(media.resources, name), {
    fetch: options.fetch ?? fetch,
    clock,
    timing: options.timing ?? { graceMs: NEVER, timeoutMs: NEVER },
    allowUnencrypted: options.allowUnencrypted ?? false,
  })
}
const requestsTo = (uri: string) => media.fake.mediaRequests().filter((r) => r.uri === uri)

describe('plain http off this machine', () => {
  it('is listed off this machine by the fake', () => {
    expect(uriOf('Shed', 0)).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/)
  })

  it('is never tried when an https address is listed, even one whose certificate fails', async () => {
    const state = await probe('Porch', { allowUnencrypted: true })
    expect(state).toEqual({ kind: 'unreachable', tried: [{ uri: uriOf('Porch', 1), kind: 'remote', failure: 'certificate' }] })
    expect(requestsTo(uriOf('Porch', 0))).toEqual([])
  })

  it('is never tried when plex.tv says the server requires https', async () => {
    expect(await probe('Loft', { allowUnencrypted: true })).toEqual({ kind: 'unreachable', tried: [] })
    expect(media.fake.mediaRequests()).toEqual([])
  })

  it('answering as the server, is not chosen without the user’s say-so: the server is reachable only without encryption', async () => {
    const state = await probe('Shed')
    expect(state).toMatchObject({ kind: 'unencrypted-only', address: { uri: uriOf('Shed', 0), protocol: 'http', encrypted: false } })
    if (state.kind !== 'unencrypted-only') throw new Error(state.kind)
    expect(unavailableSentence('Shed', state, true, 'Run it with --allow-insecure.')).toBe(
      `Shed is reachable only without encryption, at ${uriOf('Shed', 0)}: anyone on the network between could pose as it and take its token. Run it with --allow-insecure.`,
    )
    expect(media.fake.mediaRequests().every((r) => r.path === '/identity' && r.token === null)).toBe(true)
  })

  it('is chosen, marked unencrypted, once the user allowed it', async () => {
    expect(await probe('Shed', { allowUnencrypted: true })).toMatchObject({
      kind: 'online',
      address: { uri: uriOf('Shed', 0), kind: 'local', protocol: 'http', encrypted: false },
    })
  })
})

describe('the race between https and http', () => {
  it('never lets an http answer win the grace over a pending https address', async () => {
    const https = media.fake.mediaServer('Den').connections[1]
    if (!https) throw new Error('Den has no https address')
    releases.push(https.hold())
    // Learns when the http answer has been read: the chooser has it a few microtasks later.
    let httpRead: () => void = () => undefined
    const read = new Promise<void>((resolve) => {
      httpRead = resolve
    })
    const watching: FetchLike = async (url, init) => {
      const response = await trustingFetch(url, init)
      if (!String(url).startsWith(uriOf('Den', 0))) return response
      const body = await response.text()
      httpRead()
      return new Response(body, { status: response.status, headers: response.headers })
    }
    const state = probe('Den', { fetch: watching, timing: QUICK_GRACE })
    await read
    await new Promise((resolve) => setImmediate(resolve))
    // No grace was started: only the deadline could end the wait for https.
    expect(clock.delays).toEqual([NEVER])
    releases.pop()?.()
    expect(await state).toMatchObject({ kind: 'online', address: { uri: uriOf('Den', 1), protocol: 'https', encrypted: true } })
  })
})

describe('in the app', () => {
  it('follows the setting at each refresh: reachable only without encryption, then used and marked so; never a token', async () => {
    const plex = plexClientOnFake(media.fake)
    const token = media.fake.approve(unwrap(await plex.createPin({ strong: true })).id)
    let allowed = false
    const servers = createServerDirectory({
      plex,
      identityToken: async () => ok(token),
      fetch,
      clock: systemClock,
      timing: { graceMs: 20, timeoutMs: NEVER },
      allowUnencryptedServers: () => allowed,
    })
    const shedOf = (view: Awaited<ReturnType<typeof servers.refresh>>) => unwrap(view).servers.find((s) => s.name === 'Shed')?.state
    expect(shedOf(await servers.refresh())).toEqual({ kind: 'unencrypted-only' })
    expect(servers.addressOf(media.fake.mediaServer('Shed').clientIdentifier)).toBeNull()
    allowed = true
    expect(shedOf(await servers.refresh())).toMatchObject({ kind: 'online', url: uriOf('Shed', 0), encrypted: false })
    expect(servers.addressOf(media.fake.mediaServer('Shed').clientIdentifier)).toBe(uriOf('Shed', 0))
    expect(JSON.stringify(servers.current())).not.toContain(media.fake.mediaServer('Shed').accessToken)
  })
})
