/**
 * Memory of the sign-in core over many sign-ins, against the fake plex.tv over real HTTP: each
 * cycle starts both modes, approves one PIN, reaches signed-in and signs out. Heap and RSS are read
 * after a full garbage collection, so steady growth across the rounds would mean something is
 * kept per sign-in (a subscriber, a timer, a PIN session) that should have been let go.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { startFakePlex } from '../test/fake-plex/server'
import { clientFor, printTable, serviceFor, when } from './bench-support'

const ROUNDS = 4
const CYCLES_PER_ROUND = 50

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function measure(): { heap: number; rss: number } {
  gc()
  gc()
  const usage = process.memoryUsage()
  return { heap: usage.heapUsed, rss: usage.rss }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

async function main(): Promise<void> {
  const fake = await startFakePlex()
  const plex = clientFor(fake)
  const service = serviceFor(plex, 10)
  try {
    await service.restore()
    const rows: string[][] = []
    const baseline = measure()
    rows.push(['before', '0', mib(baseline.heap), mib(baseline.rss), ''])
    let cycles = 0
    const started = performance.now()
    for (let round = 1; round <= ROUNDS; round++) {
      for (let i = 0; i < CYCLES_PER_ROUND; i++) {
        service.start('browser')
        service.start('link')
        await when(service, (s) => s.state.kind === 'waiting' && s.state.pins.length === 2)
        const pin = service.pin(i % 2 ? 'link' : 'browser')
        if (!pin) throw new Error('no PIN')
        fake.approve(pin.pinId)
        await when(service, (s) => s.state.kind === 'signed-in')
        const out = await service.signOut()
        if (!out.ok) throw new Error(out.error.message)
        cycles += 1
      }
      // The fake keeps every request it saw; that is the fake's memory, not ours.
      fake.clearRequests()
      const now = measure()
      rows.push([`round ${round}`, String(cycles), mib(now.heap), mib(now.rss), `${mib(now.heap - baseline.heap)} vs before`])
    }
    const perCycle = (performance.now() - started) / cycles
    printTable(['sign-in memory (fake plex.tv, real HTTP)', 'sign-ins', 'heap used', 'rss', 'heap growth'], rows)
    console.log(`\n${cycles} sign-in/sign-out cycles, ${perCycle.toFixed(0)} ms each (polling every 10 ms).`)
  } finally {
    service.dispose()
    await fake.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
