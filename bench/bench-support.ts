/** What the benchmarks share: the real client and sign-in service on the fake plex.tv, and a table printer. */
import { randomUUID } from 'node:crypto'
import type { Snapshot } from '../preload/api'
import type { ClientIdentity } from '../main/core/account/client-identity'
import { createLogger } from '../main/core/log'
import { resolvePlexEndpoints } from '../main/core/plex/endpoints'
import { createPlexClient } from '../main/core/plex/plex-client'
import type { PlexClient } from '../main/core/plex/plex-types'
import { createSignInService } from '../main/core/signin/create-signin-service'
import type { SignInService } from '../main/core/signin/signin-service'
import type { FakePlex } from '../test/fake-plex/server'
import { createMemoryVault } from '../test/support/memory-vault'

export const quiet = createLogger('bench', { level: 'error', sink: () => {} })

export const identity: ClientIdentity = {
  clientId: randomUUID(),
  product: 'Plexkey',
  version: '0.1.0',
  platform: process.platform,
  platformVersion: process.version,
  device: process.platform,
  deviceName: 'bench',
}

export function clientFor(fake: FakePlex): PlexClient {
  const endpoints = resolvePlexEndpoints({ PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl })
  if (!endpoints.ok) throw new Error(endpoints.error.message)
  return createPlexClient({ identity, fetch: (url, init) => fetch(url, init), endpoints: endpoints.value, logger: quiet })
}

export function serviceFor(plex: PlexClient, pollIntervalMs: number): SignInService {
  return createSignInService({
    plex,
    vault: createMemoryVault(),
    policy: { pin: { pollIntervalMs }, healthCheckIntervalMs: 0 },
    logger: quiet,
  })
}

/** Resolves with the time of the first snapshot that satisfies `predicate`. */
export function when(service: SignInService, predicate: (s: Snapshot) => boolean): Promise<number> {
  return new Promise((resolve) => {
    if (predicate(service.getSnapshot())) return resolve(performance.now())
    const stop = service.subscribe((s) => {
      if (!predicate(s)) return
      stop()
      resolve(performance.now())
    })
  })
}


export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}
