/**
 * Whole-process wall time of the built `plexkey`, as a script calling it sees it, against the fake
 * plex.tv and a private real keychain, signed in:
 *   1. cold start: `token`, `status` and `exec -- true` (plexkey less its child: `true` costs about
 *      nothing) each next to `node -e 0`, run in turn in one loop so machine load hits all alike;
 *      reported as the ratio of medians. Goal: token and exec at most 2× node.
 *   2. `plexkey url <server>` for a server whose best address answers at once (Basement) and for
 *      one whose local address accepts TCP and never answers (Cabin). Goal: under 1 s for both.
 */
import { spawn } from 'node:child_process'
import { signInThroughCli } from '../test/support/cli-sign-in'
import { startCliWorld } from '../test/support/cli-world'
import { median, printTable } from './bench-support'

const ROUNDS = 15

function wallMs(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { env, stdio: 'ignore' })
    child.once('error', reject)
    child.once('exit', (code) => {
      const elapsed = performance.now() - started
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}`))
      else resolve(elapsed)
    })
  })
}

async function main(): Promise<void> {
  const world = await startCliWorld()
  try {
    await signInThroughCli(world, { username: 'bench', uuid: 'b3nch0000001' })
    const env = world.env()
    const node = process.execPath
    const cases: Readonly<Record<string, readonly string[]>> = {
      'node -e 0': ['-e', '0'],
      'plexkey token': ['bin/plexkey', 'token'],
      'plexkey status': ['bin/plexkey', 'status'],
      'plexkey exec -- true': ['bin/plexkey', 'exec', '--', 'true'],
      'plexkey url Basement (answers at once)': ['bin/plexkey', 'url', 'Basement'],
      'plexkey url Cabin (local never answers)': ['bin/plexkey', 'url', 'Cabin'],
    }
    const times = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]))
    // One warm-up round fills Node's compile cache and the OS file cache, as any earlier call would.
    for (const args of Object.values(cases)) await wallMs(node, args, env)
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, args] of Object.entries(cases)) times.get(name)?.push(await wallMs(node, args, env))
    }
    const base = median(times.get('node -e 0') ?? [])
    printTable(
      ['command', 'median wall ms', '× node -e 0'],
      [...times].map(([name, list]) => [name, median(list).toFixed(0), (median(list) / base).toFixed(2)]),
    )
  } finally {
    await world.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
