import { Agent } from 'undici'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { FetchLike } from '../../main/core/plex/plex-client'
import type { PlexResource } from '../../main/core/plex/plex-types'
import type { FakeServerSpec } from '../fake-plex/media-servers'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { resourcesOnFake } from './servers-on-fake'

/** A fake plex.tv with its Media Servers, started once for a test file. */
export interface FakeMediaServers {
  readonly fake: FakePlex
  /** The servers as plex.tv's /resources lists them. */
  readonly resources: readonly PlexResource[]
  /** Node's fetch trusting the fake's certificate, through its own dispatcher: verification stays on, with our CA. */
  readonly trustingFetch: FetchLike
  /** The address `index` of the server `name`. */
  uriOf(name: string, index: number): string
  /** Releases of held addresses, run after each test so no hold outlives it. */
  readonly releases: (() => void)[]
}

/** Starts the fake with `servers` before the file's tests, and stops it after them. */
export function useFakeMediaServers(servers: readonly FakeServerSpec[]): FakeMediaServers {
  let started: { fake: FakePlex; resources: readonly PlexResource[]; trusting: Agent } | undefined
  const current = () => {
    if (started === undefined) throw new Error('The fake plex.tv starts before the first test of the file.')
    return started
  }
  const releases: (() => void)[] = []
  beforeAll(async () => {
    const fake = await startFakePlex({ servers })
    started = { fake, resources: await resourcesOnFake(fake), trusting: new Agent({ connect: { ca: fake.mediaCertificate ?? '' } }) }
  })
  afterAll(async () => {
    await started?.trusting.close()
    await started?.fake.close()
  })
  afterEach(() => {
    for (const release of releases.splice(0)) release()
    started?.fake.clearMediaRequests()
  })
  return {
    get fake() {
      return current().fake
    },
    get resources() {
      return current().resources
    },
    trustingFetch: (url, init) => fetch(url, { ...init, dispatcher: current().trusting } as RequestInit),
    uriOf: (name, index) => current().fake.mediaServer(name).connections[index]?.uri ?? '',
    releases,
  }
}
