import type { FakeUser } from '../fake-plex/server'
import type { CliWorld } from './cli-world'

/**
 * Signs in through the built CLI (a legacy token), approved at the fake (as its default account when
 * no user is named); returns that token. `options` go to `plexkey login` too (`--add`).
 */
export async function signInThroughCli(world: CliWorld, user?: Partial<FakeUser>, options: readonly string[] = []): Promise<string> {
  const login = world.start(['login', '--no-browser', '--json', ...options])
  const waiting = await login.json((line) => line['kind'] === 'waiting')
  const token = world.fake.approve(Number(waiting['pinId']), user)
  const result = await login.done
  if (result.code !== 0) throw new Error(`plexkey login failed (${result.code}): ${result.stderr}`)
  return token
}
