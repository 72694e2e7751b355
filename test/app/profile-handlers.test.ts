import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppError, ServersView } from '../../preload/api'
import { PIN_ATTEMPTS_FILE } from '../../main/core/home/pin-attempts'
import { type ProfileState, profileEntryName } from '../../main/core/home/profile-entry'
import { JWT_SWITCH_REFUSED } from '../../main/core/home/profile-switch'
import type { FakeHomeMember } from '../fake-plex/home-state'
import { HOSTILE_PROFILE_NAME, KID_PIN, LONG_PROFILE_NAME } from '../fake-plex/home-state'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { ipcMain } from '../support/electron-stand-in'
import { failure, value } from '../support/ipc-answers'
import { unwrap } from '../support/result-parts'
import { type IpcHarness, type IpcHarnessOptions, startIpcHarness } from '../support/shell-harness'

// The window's profile switch and the Servers section that follows it: profiles:switch and
// servers:refresh through the handlers the app registers on (the stand-in's) ipcMain, over the real
// sign-in service, the vault main reads, wrong PINs counted in the config directory the CLI shares,
// and the fake plex.tv's Plex Home (Robin protected by KID_PIN, Sam open).

const WRONG_PIN = '7305'
/** A PIN as a word of its own: in a query, a JSON string or a log field, never inside a longer number or token. */
const asWord = (pin: string): RegExp => new RegExp(`(?<![\\w-])${pin}(?![\\w-])`)

let h: IpcHarness
const start = async (options: IpcHarnessOptions = {}): Promise<IpcHarness> => {
  h = await startIpcHarness(options)
  return h
}
afterEach(async () => {
  // No token the fake ever issued (the account's, each profile's, each server's) crossed IPC or reached a log line.
  const issued = h.fx.fake.issuedTokens()
  const logs = [...h.logLines, ...h.fx.logLines].join('\n')
  const seen = [JSON.stringify(ipcMain.exchanges), JSON.stringify(h.window.webContents.sent), logs].join('\n')
  for (const token of issued) expect(seen).not.toContain(token)
  // A PIN is in no answer, no event and no log line (debug level included): only in the requests that carried it.
  const answers = JSON.stringify(ipcMain.exchanges.map((e) => e.answer))
  for (const pin of [KID_PIN, WRONG_PIN]) {
    for (const text of [answers, JSON.stringify(h.window.webContents.sent), logs]) expect(text).not.toMatch(asWord(pin))
    const carried = ipcMain.exchanges.filter((e) => asWord(pin).test(JSON.stringify(e.args)))
    expect(carried.every((e) => e.channel === 'profiles:switch')).toBe(true)
  }
  await h.close()
})

const switchTo = (uuid: string, pin?: string) => h.invoke('profiles:switch', pin === undefined ? { uuid } : { uuid, pin })
const member = (title: string): FakeHomeMember => {
  const found = h.fx.fake.homeMembers().find((m) => m.title === title)
  if (!found) throw new Error(`the fake's Home has no ${title}`)
  return found
}
/** The account's profiles entry as main keeps it in the keychain; null when there is none. */
const profiles = async (accountUuid: string): Promise<ProfileState | null> => {
  const stored = unwrap(await h.vault.getEntry(profileEntryName(accountUuid)))
  return stored === null ? null : (JSON.parse(stored) as ProfileState)
}
const keptToken = async (accountUuid: string, userUuid: string): Promise<string> => {
  const token = (await profiles(accountUuid))?.tokens[userUuid]
  if (token === undefined) throw new Error('no token kept for the profile')
  return token
}
/** Who plex.tv says a token belongs to (401: refused). */
const userOf = async (token: string): Promise<{ readonly status: number; readonly uuid?: string }> => {
  const response = await rawHttp(h.fx.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })
  return response.status === 200 ? { status: 200, uuid: (JSON.parse(response.text) as { uuid: string }).uuid } : { status: response.status }
}
const servers = async (): Promise<ServersView> => value<ServersView>(await h.invoke('servers:refresh'))
/** The servers as the window lists them: name and whether the identity owns each. */
const listed = (view: ServersView): [string, boolean][] => view.servers.map((s) => [s.name, s.owned])
/** The token each /api/v2/resources request was made with, in order. */
const resourcesAskedWith = (): string[] => h.fx.fake.requests.filter((r) => r.path === '/api/v2/resources').map((r) => r.headers['x-plex-token'] ?? '')

describe('profiles:switch', () => {
  it('to an open Home user: no PIN, its token minted and kept, the profile active; identities and servers asked again', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const sam = member('Sam')
    expect(value(await switchTo(sam.uuid))).toBeUndefined()
    const state = await profiles(account)
    expect(state?.active).toBe(sam.uuid)
    expect(await userOf(await keptToken(account, sam.uuid))).toEqual({ status: 200, uuid: sam.uuid })
    expect(h.profileSignals).toMatchObject({ identitiesRefreshed: 1, serversRefreshed: 1, pinWanted: [] })
    // The long non-ASCII and the hostile names are profiles like any other: switched to by uuid.
    h.fx.fake.setHome([{ title: LONG_PROFILE_NAME }, { title: HOSTILE_PROFILE_NAME }])
    for (const title of [LONG_PROFILE_NAME, HOSTILE_PROFILE_NAME]) {
      expect(value(await switchTo(member(title).uuid))).toBeUndefined()
      expect((await profiles(account))?.active).toBe(member(title).uuid)
    }
  })

  it('to a protected Home user without its PIN: home-pin-required, plex.tv not asked to switch, nothing changes', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const calls = h.fx.fake.switchCalls()
    const error = failure(await switchTo(member('Robin').uuid))
    expect(error).toEqual({ code: 'home-pin-required', message: 'This Home profile needs its PIN.', retryable: true })
    expect(h.fx.fake.switchCalls()).toBe(calls)
    expect(await profiles(account)).toBeNull()
    expect(h.profileSignals.identitiesRefreshed).toBe(0)
  })

  it('a wrong PIN three times, then a wait plex.tv never hears of, then the right PIN after it: switched, the count started over', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const robin = member('Robin')
    const file = join(h.configDir, PIN_ATTEMPTS_FILE)
    const wrong: AppError[] = []
    for (let i = 0; i < 3; i += 1) wrong.push(failure(await switchTo(robin.uuid, WRONG_PIN)))
    // Counted where every `plexkey` process counts too; the wait runs from the third miss.
    const counted = JSON.parse(await readFile(file, 'utf8')) as Record<string, { misses: number; lastMissAt: number }>
    const lastMissAt = counted[`${account} ${robin.uuid}`]?.lastMissAt ?? Number.NaN
    expect(counted).toEqual({ [`${account} ${robin.uuid}`]: { misses: 3, lastMissAt } })
    expect(wrong.map((e) => [e.code, e.message, e.retryAt])).toEqual([
      ['home-pin-required', 'plex.tv did not accept that PIN.', undefined],
      ['home-pin-required', 'plex.tv did not accept that PIN.', undefined],
      ['home-pin-required', 'plex.tv did not accept that PIN.', lastMissAt + 5_000],
    ])

    // Even the right PIN waits: plex.tv is not asked.
    const calls = h.fx.fake.switchCalls()
    const waiting = failure(await switchTo(robin.uuid, KID_PIN))
    expect(waiting).toEqual({ code: 'home-pin-required', message: 'Too many wrong PINs in a row: wait before trying again.', retryable: true, retryAt: lastMissAt + 5_000 })
    expect(h.fx.fake.switchCalls()).toBe(calls)
    expect(await profiles(account)).toBeNull()

    h.fx.clock.advance(5_000)
    expect(value(await switchTo(robin.uuid, KID_PIN))).toBeUndefined()
    expect((await profiles(account))?.active).toBe(robin.uuid)
    expect(await userOf(await keptToken(account, robin.uuid))).toEqual({ status: 200, uuid: robin.uuid })
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({})
  })

  it('back to the owner: no PIN and no plex.tv call, even while plex.tv would want the admin’s PIN; the kept token stays for next time', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const sam = member('Sam')
    value(await switchTo(sam.uuid))
    const samToken = await keptToken(account, sam.uuid)
    h.fx.fake.setAdminPinRequired(true)
    const asked = h.fx.fetchCalls()
    expect(value(await switchTo(account))).toBeUndefined()
    expect(h.fx.fetchCalls()).toBe(asked)
    expect(await profiles(account)).toEqual({ active: null, tokens: { [sam.uuid]: samToken } })
    expect(h.profileSignals.identitiesRefreshed).toBe(2)
  })

  it('a uuid that is not in the Home, or no one signed in: invalid-state, and nothing changes', async () => {
    await start()
    await h.service.restore()
    const before = h.fx.fetchCalls()
    expect(failure(await switchTo(member('Sam').uuid))).toMatchObject({ code: 'invalid-state', message: 'Sign in to Plex to switch profiles.' })
    expect(h.fx.fetchCalls()).toBe(before)
    const { uuid: account } = await h.signIn()
    const calls = h.fx.fake.switchCalls()
    expect(failure(await switchTo(randomUUID()))).toMatchObject({ code: 'invalid-state' })
    expect(h.fx.fake.switchCalls()).toBe(calls)
    expect(await profiles(account)).toBeNull()
  })

  it('under a Plex JWT sign-in that plex.tv will not switch: says exactly that and what works, and changes nothing', async () => {
    await start({ authScheme: 'jwt' })
    const { uuid: account } = await h.signIn((pinId) => h.fx.fake.approveJwt(pinId))
    h.fx.fake.setJwtSwitchRefused(true)
    const error = failure(await switchTo(member('Sam').uuid))
    expect(error).toMatchObject({ code: 'switch-refused', message: JWT_SWITCH_REFUSED, retryable: false })
    expect(await profiles(account)).toBeNull()
    h.fx.fake.setJwtSwitchRefused(false)
    expect(value(await switchTo(member('Sam').uuid))).toBeUndefined()
  })
})

describe('servers:refresh follows the active profile', () => {
  it('a Home user sees the owner’s servers shared with it, asked for with its own token; the owner again after switching back', async () => {
    await start()
    const { uuid: account, token } = await h.signIn()
    const owners = await servers()
    expect(owners.servers.filter((s) => s.owned)).not.toEqual([])
    const sam = member('Sam')
    value(await switchTo(sam.uuid))
    h.fx.fake.clearRequests()
    const sams = await servers()
    expect(resourcesAskedWith()).toEqual([await keptToken(account, sam.uuid)])
    // Only the owner's own servers, none as Sam's own; a server shared with the owner is not Sam's.
    expect(listed(sams)).toEqual(owners.servers.filter((s) => s.owned).map((s) => [s.name, false]))
    // Reached as Sam as the owner reaches them: each server takes Sam's own access token.
    expect(sams.servers.map((s) => s.state.kind)).toEqual(owners.servers.filter((s) => s.owned).map((s) => s.state.kind))
    expect(sams.servers.some((s) => s.state.kind === 'online')).toBe(true)

    value(await switchTo(account))
    h.fx.fake.clearRequests()
    expect(listed(await servers())).toEqual(listed(owners))
    expect(resourcesAskedWith()).toEqual([token])
  })

  it('a profile token plex.tv refuses is minted again from the account’s and the list asked for again, once', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const sam = member('Sam')
    value(await switchTo(sam.uuid))
    const first = await keptToken(account, sam.uuid)
    const expected = listed(await servers())
    h.fx.fake.revoke(first)
    const calls = h.fx.fake.switchCalls()
    h.fx.fake.clearRequests()

    expect(listed(await servers())).toEqual(expected)
    const again = await keptToken(account, sam.uuid)
    expect(again).not.toBe(first)
    expect(h.fx.fake.switchCalls()).toBe(calls + 1)
    expect(resourcesAskedWith()).toEqual([first, again])
    expect(await userOf(again)).toEqual({ status: 200, uuid: sam.uuid })
    expect((await profiles(account))?.active).toBe(sam.uuid)
    expect(h.profileSignals.pinWanted).toEqual([])
  })

  it('a protected profile’s refused token: home-pin-required and the PIN pad asked for; with the PIN the servers are listed again', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const robin = member('Robin')
    value(await switchTo(robin.uuid, KID_PIN))
    const first = await keptToken(account, robin.uuid)
    const expected = listed(await servers())
    h.fx.fake.revoke(first)

    const error = failure(await h.invoke('servers:refresh'))
    expect(error).toEqual({ code: 'home-pin-required', message: 'This Home profile needs its PIN.', retryable: true })
    expect(h.profileSignals.pinWanted).toEqual([robin.uuid])
    expect(await keptToken(account, robin.uuid)).toBe(first)

    // The PIN pad's answer: the switch to the same profile mints it again with the PIN.
    value(await switchTo(robin.uuid, KID_PIN))
    expect(await keptToken(account, robin.uuid)).not.toBe(first)
    expect(listed(await servers())).toEqual(expected)
  })
})

describe('the PIN on its way', () => {
  it('crosses IPC in exactly one message, the profiles:switch request, and in no answer, event or log line', async () => {
    await start()
    const { uuid: account } = await h.signIn()
    const robin = member('Robin')
    value(await switchTo(robin.uuid, KID_PIN))
    await servers()
    value(await switchTo(account))
    value(await switchTo(robin.uuid))

    const carried = ipcMain.exchanges.filter((e) => asWord(KID_PIN).test(JSON.stringify(e)))
    expect(carried.map((e) => [e.channel, e.args])).toEqual([['profiles:switch', [{ uuid: robin.uuid, pin: KID_PIN }]]])
    // It did reach plex.tv, in the one switch that needed it.
    expect(h.fx.fake.requests.filter((r) => Object.values(r.query).includes(KID_PIN)).map((r) => r.method)).toEqual(['POST'])
    // Nor is it kept in the keychain or the attempts file.
    expect(JSON.stringify(await profiles(account))).not.toMatch(asWord(KID_PIN))
    expect(ipcMain.exchanges.length).toBeGreaterThan(4)
  })
})
