/**
 * Sign-in against the fake plex.tv over real HTTP, with the real client and sign-in service, at the
 * default policy (a poll every second; every five while the return page waits for the browser):
 *   1. approval -> signed-in, median of several runs, for each way in:
 *      - the code way (plex.tv/link on another device), polled as before;
 *      - the browser way without a return page (`--no-browser`, no display: the address is opened
 *        elsewhere), polled as before;
 *      - the browser way with the return page armed, when the browser never comes back (approved on
 *        another device, or Plex ignored forwardUrl): the calmer polling alone notices;
 *      - the browser way with the return: the browser comes back at once, as Plex's page sends it.
 *      Approval lands at a random point of the poll cycle, as a person's click does. For the return,
 *      "browser back" times from the browser's arrival (a real HTTP GET of the return page) to the
 *      signed-in snapshot: the goal is under 100 ms.
 *   2. requests per minute to plex.tv while waiting, each way in on its own PIN, side by side.
 */
import { type FakePlex, startFakePlex } from '../test/fake-plex/server'
import type { PinMode } from '../preload/api'
import type { PlexClient } from '../main/core/plex/plex-types'
import type { SignInService } from '../main/core/signin/signin-service'
import { defaultPinPolicy } from '../main/core/signin/pin-machine'
import { clientFor, median, printTable, serviceFor, sleep, when } from './bench-support'

const RUNS = 9
const WAIT_WINDOW_MS = 30_000

type Way = 'code' | 'browser, no return page' | 'browser, armed, no return' | 'browser, with the return'

const WAYS: readonly Way[] = ['code', 'browser, no return page', 'browser, armed, no return', 'browser, with the return']

interface Latency {
  readonly total: number
  /** From the browser's arrival at the return page to signed in (the return only). */
  readonly fromReturn: number
}

/** Starts the way's PIN and, for an armed way, its return page; resolves with the PIN and return address. */
async function begin(service: SignInService, way: Way): Promise<{ pinId: number; back: string | null }> {
  const mode: PinMode = way === 'code' ? 'link' : 'browser'
  service.start(mode)
  await when(service, (s) => s.state.kind === 'waiting' && s.state.pins.some((p) => p.mode === mode))
  const pin = service.pin(mode)
  if (!pin) throw new Error('no PIN')
  if (way === 'code' || way === 'browser, no return page') return { pinId: pin.pinId, back: null }
  const address = await service.browserAddress()
  const back = new URLSearchParams(address?.split('#?')[1] ?? '').get('forwardUrl')
  if (!back) throw new Error('no return page')
  return { pinId: pin.pinId, back }
}

async function approvalToSignedIn(fake: FakePlex, plex: PlexClient, way: Way): Promise<Latency> {
  const service = serviceFor(plex, defaultPinPolicy.pollIntervalMs)
  try {
    const { pinId, back } = await begin(service, way)
    const interval = way === 'browser, armed, no return' ? defaultPinPolicy.returnPollIntervalMs : defaultPinPolicy.pollIntervalMs
    await sleep(Math.random() * interval)
    const signedIn = when(service, (s) => s.state.kind === 'signed-in')
    const approvedAt = performance.now()
    fake.approve(pinId)
    if (way !== 'browser, with the return' || !back) return { total: (await signedIn) - approvedAt, fromReturn: Number.NaN }
    const returnedAt = performance.now()
    const page = await fetch(back)
    if (!(await page.text()).includes('Signed in to Plexkey as')) throw new Error('the return page did not say signed in')
    const doneAt = await signedIn
    return { total: doneAt - approvedAt, fromReturn: doneAt - returnedAt }
  } finally {
    service.dispose()
  }
}

async function requestsPerMinute(fake: FakePlex, plex: PlexClient): Promise<Map<Way, number>> {
  const waiting = WAYS.filter((way) => way !== 'browser, with the return')
  const services = waiting.map(() => serviceFor(plex, defaultPinPolicy.pollIntervalMs))
  try {
    const pins = await Promise.all(waiting.map((way, i) => begin(services[i] as SignInService, way)))
    fake.clearRequests()
    const started = Date.now()
    await sleep(WAIT_WINDOW_MS)
    const seen = fake.requests.filter((r) => r.at - started <= WAIT_WINDOW_MS)
    const perMinute = (n: number) => (n * 60_000) / WAIT_WINDOW_MS
    return new Map(waiting.map((way, i) => [way, perMinute(seen.filter((r) => r.path === `/api/v2/pins/${pins[i]?.pinId}`).length)]))
  } finally {
    for (const service of services) service.dispose()
  }
}

async function main(): Promise<void> {
  const fake = await startFakePlex()
  const plex = clientFor(fake)
  try {
    const rpm = await requestsPerMinute(fake, plex)
    const rows: string[][] = []
    for (const way of WAYS) {
      const runs: Latency[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await approvalToSignedIn(fake, plex, way))
      const totals = runs.map((r) => r.total)
      const back = runs.map((r) => r.fromReturn).filter((ms) => !Number.isNaN(ms))
      rows.push([
        way,
        `${median(totals).toFixed(0)} ms`,
        `min ${Math.min(...totals).toFixed(0)} / max ${Math.max(...totals).toFixed(0)} ms`,
        back.length ? `${median(back).toFixed(0)} ms (max ${Math.max(...back).toFixed(0)})` : '-',
        // Until the browser comes back, the return way waits exactly as the armed way does.
        `${(rpm.get(way) ?? rpm.get('browser, armed, no return') ?? Number.NaN).toFixed(0)} /min`,
      ])
    }
    printTable(
      [`sign-in benchmark (fake plex.tv, real HTTP, default policy)`, `approval -> signed-in, median of ${RUNS}`, 'spread', 'browser back -> signed-in', `polls while waiting (${WAIT_WINDOW_MS / 1000} s)`],
      rows,
    )
  } finally {
    await fake.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
