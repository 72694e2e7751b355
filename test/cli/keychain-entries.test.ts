import { describe, expect, it } from 'vitest'
import { type RunResult } from '../support/cli-world'
import { useCliWorld } from '../support/use-cli-world'

// Keychain entries Plexkey did not write the way it writes them (damaged, hostile, or left behind
// by a sign-out cut short): the built CLI as a child process, against the fake plex.tv and a
// private real keychain that the tests write to with secret-tool, as another tool would.

const world = useCliWorld()

const CLEAN_UP = 'Run `plexkey logout` to remove it, then sign in again.'
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/

function expectMalformed(result: RunResult, why: RegExp): void {
  expect(result.code).toBe(4)
  expect(result.stdout).toBe('')
  expect(result.stderr).toMatch(why)
  expect(result.stderr).toContain(CLEAN_UP)
  expect(result.stderr).not.toMatch(CONTROLS)
}

describe('malformed keychain entries', () => {
  it.each([
    ['a token with a line break', { username: 'carol', token: 'carol-token\nX-Evil: 1' }, /the token holds spaces, line breaks/],
    ['a token over 4 KiB', { username: 'carol', token: 'x'.repeat(5000) }, /the token is longer than 4096 characters/],
    ['no token', { username: 'carol' }, /no username and token/],
  ])('%s: status, token and login say what is wrong and how to clean up, without asking plex.tv or deleting it; logout cleans it', async (_what, entry, why) => {
    await world.keyring.storeItem('token:c0ffee', JSON.stringify(entry))
    await world.keyring.storeItem('active', 'token:c0ffee')

    const status = await world.run(['status'])
    expectMalformed(status, why)
    expect(status.stderr).toMatch(/^The keychain entry "token:c0ffee" is not a sign-in Plexkey can use/)
    const json = await world.run(['status', '--json'])
    expect(json.code).toBe(4)
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'error', error: { code: 'keychain' } })
    expectMalformed(await world.run(['token']), why)
    expectMalformed(await world.run(['login', '--link']), why)
    // Not a word to plex.tv about it, and nothing removed behind the user's back.
    expect(world.fake.requests).toEqual([])
    expect(Object.keys(await world.keychainItems()).sort()).toEqual(['active', 'token:c0ffee'])

    const logout = await world.run(['logout'])
    expect(logout).toMatchObject({ code: 0, stdout: 'Removed the malformed sign-in from the keychain. Run `plexkey login` to sign in.\n', stderr: '' })
    expect(await world.keychainItems()).toEqual({})
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/users/signout')).toEqual([])
    expect((await world.run(['status'])).code).toBe(1)
  })

  it('a hostile `active` marker is malformed, never echoed, and logout cleans it and the entry it names', async () => {
    const hostile = 'token:\x1b]0;owned\x07\x1b[2J\u202e\x9b31m'
    await world.keyring.storeItem(hostile, JSON.stringify({ username: 'mallory', token: 'mallory-token-1' }))
    await world.keyring.storeItem('active', hostile)
    const status = await world.run(['status'])
    expectMalformed(status, /^The keychain entry "active" does not name a Plexkey sign-in/)
    expect(status.stderr).not.toContain('owned')
    expect((await world.run(['logout'])).code).toBe(0)
    expect(await world.keychainItems()).toEqual({})
  })
})

describe('a sign-out cut short', () => {
  it('an `active` marker left naming a removed entry reads as signed out, and status clears it', async () => {
    await world.keyring.storeItem('active', 'token:c0ffee')
    expect(await world.run(['status'])).toMatchObject({ code: 1, stdout: 'Not signed in to Plex. Run `plexkey login` to sign in.\n' })
    expect(await world.keychainItems()).toEqual({})
  })

  it('logout killed between removing the entry and the marker: the next logout says not signed in and clears it', async () => {
    await world.keyring.storeItem('active', 'token:c0ffee')
    expect(await world.run(['logout'])).toMatchObject({ code: 0, stdout: 'Not signed in to Plex; nothing to do.\n' })
    expect(await world.keychainItems()).toEqual({})
  })
})
