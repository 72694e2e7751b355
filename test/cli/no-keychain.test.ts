import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliWorld, startCliWorld } from '../support/cli-world'
import { startPrivateKeyring } from '../support/private-keyring'

let world: CliWorld

beforeAll(async () => {
  world = await startCliWorld()
})
afterAll(async () => {
  await world?.stop()
})

const NO_BUS = /^No D-Bus session is running, so the keychain \(Secret Service\) cannot be reached\. .*gnome-keyring-daemon or KeePassXC\.\n$/

describe('plexkey without a keychain', () => {
  it('no D-Bus session: every command says so plainly (exit 4), asks plex.tv nothing and writes nothing', async () => {
    const noBus = { DBUS_SESSION_BUS_ADDRESS: undefined }
    for (const args of [['login', '--no-browser'], ['login', '--link', '--json'], ['status'], ['token'], ['logout']]) {
      const result = await world.run(args, noBus)
      expect(result.code, args.join(' ')).toBe(4)
      expect(result.stderr, args.join(' ')).toMatch(NO_BUS)
    }
    // login --json says it on stdout too, as its last state.
    const json = await world.run(['login', '--json'], noBus)
    expect(JSON.parse(json.stdout)).toEqual({ kind: 'error', error: { code: 'keychain', message: expect.stringMatching(/^No D-Bus session/) } })

    expect(world.fake.requests).toEqual([])
    expect(world.fake.pins()).toEqual([])
    // Not even the client id: nothing was written anywhere Plexkey could write.
    expect([...(await world.files()).keys()]).toEqual([])
    expect(await world.keychainItems()).toEqual({})
  })

  it('a bus with no Secret Service on it: the error says to install or start one', async () => {
    const lonely = await startPrivateKeyring({ secretService: false })
    try {
      const result = await world.run(['login', '--no-browser'], { DBUS_SESSION_BUS_ADDRESS: lonely.address })
      expect(result.code).toBe(4)
      expect(result.stderr).toMatch(/^No Secret Service keychain is running\. Install and start GNOME Keyring/)
    } finally {
      await lonely.stop()
    }
    expect([...(await world.files()).keys()]).toEqual([])
  })
})
