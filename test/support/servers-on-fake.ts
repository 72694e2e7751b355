import type { PlexResource } from '../../main/core/plex/plex-types'
import type { FakePlex } from '../fake-plex/server'
import { plexClientOnFake } from './plex-client-on-fake'
import { unwrap } from './result-parts'

/** The account's resources as the real client reads them from the fake, after a real sign-in. */
export async function resourcesOnFake(fake: FakePlex): Promise<readonly PlexResource[]> {
  const plex = plexClientOnFake(fake)
  const token = fake.approve(unwrap(await plex.createPin({ strong: true })).id)
  return unwrap(await plex.getResources(token))
}

/** One of them by name; throws when the fake does not list it. */
export function resourceNamed(resources: readonly PlexResource[], name: string): PlexResource {
  const found = resources.find((r) => r.name === name)
  if (!found) throw new Error(`No resource named ${name}`)
  return found
}
