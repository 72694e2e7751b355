/**
 * Sign-in against the fake plex.tv over real HTTP, with the real client and sign-in service:
 *   1. approval -> signed-in: from the moment the PIN is approved at plex.tv to the signed-in
 *      snapshot, median of several runs, at the default 1 s poll interval and at 100 ms. Approval
 *      lands at a random point of the poll cycle, as a person's click does, so the median includes
 *      about half an interval of waiting for the next poll; "after the poll" is the part we control
 *      (reading the account and saving the token), from the poll that saw the token.
 *   2. requests per minute to plex.tv while waiting, both modes side by side, default policy.
 */
import type { FakePlex } from '../test/fake-plex/server'
import { startFakePlex } from '../test/fake-plex/server'
import type { PlexClient } from '../main/core/plex/plex-types'
import { defaultPinPolicy } from '../main/core/signin/pin-machine'
import { clientFor, median, printTable, serviceFor, sleep, when } from './bench-support'

const RUNS = 9
const WAIT_WINDOW_MS = 15_000

interface Latency {
  readonly total: number
  readonly afterPoll: number
}

async function approvalToSignedIn(fake: FakePlex, plex: PlexClient, pollIntervalMs: number): Promise<Latency> {
  const service = serviceFor(plex, pollIntervalMs)
  try {
    service.start('browser')
    await when(service, (s) => s.state.kind === 'waiting')
    const pin = service.pin('browser')
    if (!pin) throw new Error('no PIN')
    await sleep(Math.random() * pollIntervalMs)
    const signedIn = when(service, (s) => s.state.kind === 'signed-in')
    const approvedAtWall = Date.now()
    const approvedAt = performance.now()
    fake.approve(pin.pinId)
    const doneAt = await signedIn
    const doneAtWall = Date.now()
    // The fake stamps each request (wall clock) as it arrives: the first poll after approval saw the token.
    const sawToken = fake.requests.find((r) => r.path === `/api/v2/pins/${pin.pinId}` && r.at >= approvedAtWall)
    return { total: doneAt - approvedAt, afterPoll: sawToken ? doneAtWall - sawToken.at : Number.NaN }
  } finally {
    service.dispose()
  }
}

async function requestsPerMinute(fake: FakePlex, plex: PlexClient): Promise<{ browser: number; link: number; total: number }> {
  const service = serviceFor(plex, defaultPinPolicy.pollIntervalMs)
  try {
    service.start('browser')
    service.start('link')
    await when(service, (s) => s.state.kind === 'waiting' && s.state.pins.length === 2)
    const browser = service.pin('browser')?.pinId
    const link = service.pin('link')?.pinId
    fake.clearRequests()
    const started = Date.now()
    await sleep(WAIT_WINDOW_MS)
    const seen = fake.requests.filter((r) => r.at - started <= WAIT_WINDOW_MS)
    const perMinute = (n: number) => (n * 60_000) / WAIT_WINDOW_MS
    return {
      browser: perMinute(seen.filter((r) => r.path === `/api/v2/pins/${browser}`).length),
      link: perMinute(seen.filter((r) => r.path === `/api/v2/pins/${link}`).length),
      total: perMinute(seen.length),
    }
  } finally {
    service.dispose()
  }
}

async function main(): Promise<void> {
  const fake = await startFakePlex()
  const plex = clientFor(fake)
  try {
    const rows: string[][] = []
    for (const interval of [defaultPinPolicy.pollIntervalMs, 100]) {
      const runs: Latency[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await approvalToSignedIn(fake, plex, interval))
      const totals = runs.map((r) => r.total)
      rows.push([
        `approval -> signed-in, poll every ${interval} ms`,
        `${median(totals).toFixed(0)} ms`,
        `min ${Math.min(...totals).toFixed(0)} / max ${Math.max(...totals).toFixed(0)} ms`,
        `after the poll: ${median(runs.map((r) => r.afterPoll)).toFixed(0)} ms`,
      ])
    }
    const rpm = await requestsPerMinute(fake, plex)
    rows.push([
      `requests/min while waiting (${WAIT_WINDOW_MS / 1000} s, default policy)`,
      `${rpm.total.toFixed(0)} /min`,
      `browser ${rpm.browser.toFixed(0)} + link ${rpm.link.toFixed(0)}`,
      'both modes side by side',
    ])
    printTable(['sign-in benchmark (fake plex.tv, real HTTP)', `median of ${RUNS}`, 'spread', 'note'], rows)
  } finally {
    await fake.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
