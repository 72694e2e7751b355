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

/** Signs in through the built CLI with a Plex JWT (`login --auth jwt`), approved at the fake; returns that JWT. */
export async function signInWithJwtThroughCli(world: CliWorld, user?: Partial<FakeUser>): Promise<string> {
  const login = world.start(['login', '--link', '--json', '--auth', 'jwt'])
  const waiting = await login.json((line) => line['kind'] === 'waiting')
  const token = await world.fake.approveJwt(String(waiting['code']), user)
  const result = await login.done
  if (result.code !== 0) throw new Error(`plexkey login --auth jwt failed (${result.code}): ${result.stderr}`)
  return token
}
