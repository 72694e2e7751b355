import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CliEnvironment, openCliCore } from '../../main/cli/cli-core'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { createMemoryVault } from '../support/memory-vault'

let fake: FakePlex
let home: string
beforeEach(async () => {
  fake = await startFakePlex()
  home = await mkdtemp(join(tmpdir(), 'plexkey-cli-core-'))
})
afterEach(async () => {
  await fake.close()
  await rm(home, { recursive: true, force: true })
})

/** The CLI's environment on the fake, with a fetch that records every address and refuses any other host. */
function environmentOnFake(asked: string[]): CliEnvironment {
  return {
    env: { PLEXKEY_CONFIG_DIR: join(home, 'config'), PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl },
    platform: 'linux',
    homedir: home,
    version: '0.1.0',
    fetch: (url, init) => {
      asked.push(url)
      // Never the internet from a test: anything but the fake fails as an unreachable host would.
      return url.startsWith(fake.url) ? fetch(url, init) : Promise.reject(new TypeError('fetch failed'))
    },
  }
}

describe('openCliCore', () => {
  it.each([
    ['on the stand-in', () => `${fake.url}/users/abc/avatar`],
    ['on plex.tv itself', () => 'https://plex.tv/users/abc/avatar?c=1'],
  ])('asks for no avatar, %s: a terminal shows no picture', async (_, thumb) => {
    const pin = await fetch(`${fake.url}/api/v2/pins`, { method: 'POST', headers: { Accept: 'application/json', 'X-Plex-Client-Identifier': 'c' } })
    const token = fake.approve(((await pin.json()) as { id: number }).id, { username: 'ann', uuid: 'a0000001', thumb: thumb() })
    const vault = createMemoryVault({ active: { accountKey: 'a0000001', username: 'ann', token } })
    const asked: string[] = []
    const core = await openCliCore(environmentOnFake(asked), vault)
    if (!core.ok) throw new Error(core.error.message)
    const { service } = core.value
    try {
      await service.restore()
      expect(service.getSnapshot().state.kind).toBe('signed-in')
      // A second check is a whole round trip to plex.tv: an avatar request started by the first
      // would have been sent by the time it ends.
      await service.checkNow()
      expect(asked.length).toBeGreaterThanOrEqual(2)
      expect(asked.filter((url) => !url.startsWith(`${fake.url}/api/v2/user`))).toEqual([])
    } finally {
      service.dispose()
    }
  })
})
