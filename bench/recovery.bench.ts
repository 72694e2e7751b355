/**
 * Recovery after an outage while a person waits: plex.tv (the fake, over real HTTP) answers every
 * request with 503 for 5, 20 or 60 s, the PIN having been approved meanwhile; the time measured
 * runs from the moment plex.tv answers again to the signed-in snapshot, with the real client and
 * sign-in service at the default policy (full jitter, capped at 4 s while waiting). Goal: ≤ 5 s.
 */
import { defaultPinPolicy } from '../main/core/signin/pin-machine'
import { startFakePlex } from '../test/fake-plex/server'
import { clientFor, median, printTable, serviceFor, sleep, when } from './bench-support'

const OUTAGES_SEC = [5, 20, 60] as const
const RUNS: Readonly<Record<(typeof OUTAGES_SEC)[number], number>> = { 5: 5, 20: 3, 60: 2 }

async function main(): Promise<void> {
  const fake = await startFakePlex()
  const plex = clientFor(fake)
  const rows: string[][] = []
  try {
    for (const outage of OUTAGES_SEC) {
      const times: number[] = []
      for (let run = 0; run < RUNS[outage]; run++) {
        const service = serviceFor(plex, defaultPinPolicy.pollIntervalMs)
        try {
          service.start('link')
          await when(service, (s) => s.state.kind === 'waiting')
          const pin = service.pin('link')
          if (!pin) throw new Error('no PIN')
          fake.fault({ status: 503 })
          fake.approve(pin.pinId)
          await sleep(outage * 1_000)
          const signedIn = when(service, (s) => s.state.kind === 'signed-in')
          fake.clearFaults()
          const recoveredAt = performance.now()
          times.push((await signedIn) - recoveredAt)
        } finally {
          fake.clearFaults()
          service.dispose()
        }
      }
      rows.push([
        `${outage} s of 503s, then plex.tv back`,
        `${(median(times) / 1000).toFixed(1)} s`,
        `max ${(Math.max(...times) / 1000).toFixed(1)} s`,
        `${RUNS[outage]} runs; goal ≤ 5 s`,
      ])
    }
    printTable(['recovery -> signed-in (fake plex.tv, real HTTP)', 'median', 'worst', 'note'], rows)
  } finally {
    await fake.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
