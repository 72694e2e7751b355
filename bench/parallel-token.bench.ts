/**
 * `plexkey token` run by many scripts at once while the Plex JWT is due: N built-CLI processes in
 * parallel on one private real keychain, against the fake plex.tv. Reports how many renewals
 * reached plex.tv (one is the goal: the others take the renewed token from the keychain), how many
 * processes printed a token, and how many distinct tokens they printed.
 */
import { type CliWorld, startCliWorld } from '../test/support/cli-world'
import { printTable } from './bench-support'

const SIZES = [2, 5, 10] as const

async function signInWithDueJwt(world: CliWorld): Promise<void> {
  world.fake.setJwtLifetime(3600) // an hour left: inside the one-day renewal window
  const login = world.start(['login', '--link', '--json', '--auth', 'jwt'])
  const waiting = await login.json((line) => line['kind'] === 'waiting')
  await world.fake.approveJwt(String(waiting['code']), { username: 'bench', uuid: 'be0c0000001' })
  if ((await login.done).code !== 0) throw new Error('sign-in failed')
  // The renewed token lives 7 days: a process that starts after the renewal finds nothing due.
  world.fake.setJwtLifetime(7 * 24 * 3600)
}

async function main(): Promise<void> {
  const world = await startCliWorld()
  const rows: string[][] = []
  try {
    for (const n of SIZES) {
      await world.reset()
      await signInWithDueJwt(world)
      world.fake.clearRequests()
      const started = performance.now()
      const results = await Promise.all(Array.from({ length: n }, () => world.run(['token'])))
      const elapsed = performance.now() - started
      const renewals = world.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/auth/token').length
      const printed = results.filter((r) => r.code === 0)
      rows.push([
        `${n} parallel \`token\``,
        String(renewals),
        `${printed.length}/${n}`,
        String(new Set(printed.map((r) => r.stdout)).size),
        `${(elapsed / 1000).toFixed(1)} s`,
      ])
    }
    printTable(['due Plex JWT (built CLI, real keychain)', 'renewals sent', 'printed a token', 'distinct tokens', 'wall time'], rows)
  } finally {
    await world.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
