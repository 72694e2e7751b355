import { randomUUID } from 'node:crypto'
import type { ClientIdentity } from '../../main/core/account/client-identity'
import { createLogger, type Logger } from '../../main/core/log'
import { resolvePlexEndpoints } from '../../main/core/plex/endpoints'
import { createPlexClient } from '../../main/core/plex/plex-client'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { type FakePlex, type FakePlexOptions, startFakePlex } from '../fake-plex/server'
import { type CountingClock, createCountingClock } from './test-clock'
import { testIdentity } from './test-identity'

/** The real plex.tv client, over real HTTP and Node's fetch, pointed at a fresh fake plex.tv. */
export interface SigninFixture {
  readonly fake: FakePlex
  readonly plex: PlexClient
  /** The same client speaking as another identity (a tool's device), over the same fetch. */
  readonly clientFor: (identity: ClientIdentity) => PlexClient
  readonly identity: ClientIdentity
  readonly clock: CountingClock
  /** Every log line written by the client and by sign-in, already redacted. */
  readonly logLines: string[]
  readonly logger: Logger
  /**
   * Requests the client has handed to fetch. The fake records a request only once it has read it,
   * so a request sent just before a cancel can reach it just after; this counts at the sender.
   */
  fetchCalls(): number
  /**
   * Plays out whatever a cancel or dispose left behind: waits until no plex.tv call is in flight
   * (the code's continuation of each has then run), moves the clock `aheadMs` on so that every
   * timer due by then fires, and waits for the calls those started. A request the code would send
   * later has then been sent, however slow the machine, and without a pause.
   */
  runOut(aheadMs: number): Promise<void>
  close(): Promise<void>
}

/** The client with each call counted while it runs, so a test can tell when none is left. */
function countingCalls(plex: PlexClient): { readonly plex: PlexClient; inFlight(): number } {
  let inFlight = 0
  // Only what answers with a promise is a call to plex.tv; `authUrl` only builds an address.
  const counted =
    (member: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      const result = member(...args)
      if (!(result instanceof Promise)) return result
      inFlight += 1
      return result.finally(() => {
        inFlight -= 1
      })
    }
  // Every call the client has, today's and tomorrow's: a new one is counted without a line here.
  const wrapped = Object.fromEntries(
    Object.entries(plex).map(([name, member]) => [name, typeof member === 'function' ? counted(member as (...args: unknown[]) => unknown) : member]),
  ) as unknown as PlexClient
  return {
    plex: wrapped,
    inFlight: () => inFlight,
  }
}

export async function startSigninFixture(
  options: FakePlexOptions & { readonly timeoutMs?: number } = {},
): Promise<SigninFixture> {
  // The fake shares the test's clock: a jump ahead expires tokens on both sides of the wire at once.
  const clock = createCountingClock()
  const fake = await startFakePlex({ now: clock.now, ...options })
  const identity = testIdentity({ clientId: randomUUID(), platformVersion: '6.1.0', deviceName: 'test-host' })
  const endpoints = resolvePlexEndpoints({ PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl })
  if (!endpoints.ok) throw new Error(endpoints.error.message)
  const logLines: string[] = []
  const logger = createLogger('test', { level: 'debug', sink: (line) => logLines.push(line) })
  let fetchCalls = 0
  const clientFor = (as: ClientIdentity): PlexClient =>
    createPlexClient({
      identity: as,
      fetch: (url, init) => {
        fetchCalls += 1
        return fetch(url, init)
      },
      endpoints: endpoints.value,
      timeoutMs: options.timeoutMs ?? 2_000,
      logger,
    })
  const calls = countingCalls(clientFor(identity))
  const callsEnded = () => until(() => calls.inFlight() === 0, 'the plex.tv calls in flight to end')
  return {
    fake,
    plex: calls.plex,
    clientFor,
    identity,
    clock,
    logLines,
    logger,
    fetchCalls: () => fetchCalls,
    runOut: async (aheadMs) => {
      await callsEnded()
      clock.advance(aheadMs)
      await callsEnded()
    },
    close: () => fake.close(),
  }
}

/** Resolves when `predicate` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
