import { createLogger } from '../../main/core/log'
import { createPlexClient, type PlexClientOptions } from '../../main/core/plex/plex-client'
import type { PlexClient } from '../../main/core/plex/plex-types'
import type { FakePlex } from '../fake-plex/server'
import { testIdentity } from './test-identity'

/**
 * The real plex.tv client over Node's fetch with every endpoint on the fake plex.tv, the fixed test
 * identity and a logger that keeps quiet; `overrides` change any of these.
 */
export function plexClientOnFake(fake: FakePlex, overrides: Partial<PlexClientOptions> = {}): PlexClient {
  return createPlexClient({
    identity: testIdentity(),
    fetch,
    endpoints: { api: fake.url, clients: fake.url, auth: fake.authUrl },
    logger: createLogger('plex', { level: 'error', sink: () => undefined }),
    ...overrides,
  })
}
