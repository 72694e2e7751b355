import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLogger } from '../../main/core/log'
import { ensureToolDevice } from '../../main/core/tools/tool-devices'
import { toolsEntryName } from '../../main/core/tools/tool-store'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { errorOf, unwrap } from '../support/result-parts'
import { testIdentity } from '../support/test-identity'

// A file of its own: this process's keychain connection does not survive the keyring's restart.

let keyring: PrivateKeyring
let fake: FakePlex

beforeAll(async () => {
  ;[keyring, fake] = await Promise.all([startPrivateKeyring(), startFakePlex()])
})
afterAll(async () => {
  await Promise.all([keyring?.stop(), fake?.close()])
})

it('a keychain that refuses the new token: the device just minted is removed again, and the keychain’s reason said', async () => {
  const vault = keytarVaultOn(keyring)
  const quiet = createLogger('tools', { level: 'error', sink: () => undefined })
  const desktop = plexClientOnFake(fake)
  const owner = fake.approve(unwrap(await desktop.createPin({ strong: true })).id, { uuid: 'a0a000000001' })
  fake.clearRequests()
  const error = errorOf(
    await ensureToolDevice(
      {
        vault,
        accountUuid: 'a0a000000001',
        plex: desktop,
        // The keyring locks while the device is being minted, as a screen lock would.
        clientFor: (identity) => {
          const client = plexClientOnFake(fake, { identity })
          return { ...client, createPin: async (options) => (await keyring.lock(), client.createPin(options)) }
        },
        install: testIdentity(),
        owner: { profile: null, token: owner },
        logger: quiet,
      },
      'kometa',
    ),
  )
  expect(error).toMatchObject({ code: 'keychain', message: expect.stringMatching(/keyring is locked/i) })
  // Linked, so made at plex.tv; then removed again.
  expect(fake.requests.filter((r) => r.path === '/api/v2/pins/link')).toHaveLength(1)
  expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1)
  expect(fake.devices().filter((d) => d.info.name === 'kometa (Plexkey)')).toEqual([])
  await keyring.restart()
  expect((await keyring.items())[toolsEntryName('a0a000000001')]).toBeUndefined()
})
