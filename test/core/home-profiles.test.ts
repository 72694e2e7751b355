import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { createProcessLock } from '../../main/core/config/process-lock'
import { createPinAttempts, nextTryAt } from '../../main/core/home/pin-attempts'
import { profileEntryName, readProfiles } from '../../main/core/home/profile-entry'
import { isPinRefusal, type ProfileContext, profileToken, switchProfile } from '../../main/core/home/profile-switch'
import { redact } from '../../main/core/log'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { KID_PIN } from '../fake-plex/home-state'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { errorOf, unwrap } from '../support/result-parts'

// The Home profile core on the real keychain and the fake plex.tv, with a clock the test moves.

let keyring: PrivateKeyring
let vault: CredentialVault
let fake: FakePlex
let plex: PlexClient
let configDir: string
let now: number
let owner: string
let accountUuid: string

beforeAll(async () => {
  keyring = await startPrivateKeyring()
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-home-'))
  vault = keytarVaultOn(keyring, { lock: createProcessLock({ file: join(configDir, 'keychain.lock') }) })
})
afterAll(async () => {
  await keyring.stop()
  await rm(configDir, { recursive: true, force: true })
})
beforeEach(async () => {
  fake = await startFakePlex()
  plex = plexClientOnFake(fake)
  const pin = unwrap(await plex.createPin({ strong: true }))
  fake.approve(pin.id)
  owner = unwrap(await plex.checkPin(pin.id)).authToken ?? ''
  accountUuid = unwrap(await plex.getUser(owner)).uuid
  now = Date.parse('2026-12-04T20:00:00Z')
})
afterEach(async () => {
  await vault.deleteEntry(profileEntryName(accountUuid))
  await rm(join(configDir, 'home-pin-attempts.json'), { force: true })
  await fake.close()
})

const context = (ownerToken = owner): ProfileContext => ({
  vault,
  plex,
  attempts: createPinAttempts(configDir),
  accountUuid,
  ownerToken,
  now: () => now,
})
const member = (title: string) => fake.homeMembers().find((m) => m.title === title)?.uuid ?? ''
const robin = (pin: string) => ({ userUuid: member('Robin'), isProtected: true, pin })

describe('nextTryAt', () => {
  it('three misses are free; then 5 s, 10 s, 20 s… from the last miss, never past 5 minutes', () => {
    const at = 1_000_000
    expect([0, 1, 2].map((misses) => nextTryAt({ misses, lastMissAt: at }, at))).toEqual([null, null, null])
    expect([3, 4, 5, 6, 9, 10, 40].map((misses) => (nextTryAt({ misses, lastMissAt: at }, at) ?? at) - at)).toEqual([
      5_000, 10_000, 20_000, 40_000, 300_000, 300_000, 300_000,
    ])
    expect(nextTryAt({ misses: 3, lastMissAt: at }, at + 5_000)).toBeNull()
    // A last miss "in the future" (a clock set back) waits from now, not from then.
    expect(nextTryAt({ misses: 3, lastMissAt: at + 3_600_000 }, at)).toBe(at + 5_000)
  })
})

describe('switchProfile', () => {
  it('three wrong PINs, then the right one waits (no switch sent) until the clock has moved past the wait', async () => {
    const ctx = context()
    for (const attempt of [1, 2, 3]) {
      const error = errorOf(await switchProfile(ctx, robin('0000')))
      expect(isPinRefusal(error) && error.pin).toBe('wrong')
      expect(error.retryAt).toBe(attempt === 3 ? now + 5_000 : undefined)
    }
    expect(fake.switchCalls()).toBe(3)
    now += 4_999
    const waiting = errorOf(await switchProfile(ctx, robin(KID_PIN)))
    expect(waiting).toMatchObject({ code: 'home-pin-required', pin: 'wait', retryAt: now + 1 })
    expect(fake.switchCalls()).toBe(3)
    expect(unwrap(await readProfiles(vault, accountUuid))).toEqual({ active: null, tokens: {} })
    now += 1
    expect(unwrap(await switchProfile(ctx, robin(KID_PIN))).active).toBe(member('Robin'))
    // The right PIN starts the count over.
    expect(await createPinAttempts(configDir).get(accountUuid, member('Robin'))).toBeUndefined()
  })

  it('a PIN that is not 4 digits is refused without asking plex.tv or counting it', async () => {
    const error = errorOf(await switchProfile(context(), robin('12345')))
    expect(isPinRefusal(error) && error.pin).toBe('format')
    expect(fake.switchCalls()).toBe(0)
    expect(await createPinAttempts(configDir).get(accountUuid, member('Robin'))).toBeUndefined()
  })

  it('two wrong PINs sent at once are both counted: the lock lets one switch through at a time', async () => {
    const ctx = context()
    await Promise.all([switchProfile(ctx, robin('0000')), switchProfile(ctx, robin('1111')), switchProfile(ctx, robin('2222'))])
    expect(await createPinAttempts(configDir).get(accountUuid, member('Robin'))).toEqual({ misses: 3, lastMissAt: now })
  })

  it('asked for at once from two places, a token is minted once and handed to both', async () => {
    const ctx = context()
    const sam = { userUuid: member('Sam') }
    const [a, b] = await Promise.all([profileToken(ctx, sam), profileToken(ctx, sam)])
    expect(unwrap(a)).toBe(unwrap(b))
    expect(fake.switchCalls()).toBe(1)
    // Kept: asked again, no new mint; refused as stale, minted anew and kept in its place.
    expect(unwrap(await profileToken(ctx, sam))).toBe(unwrap(a))
    const fresh = unwrap(await profileToken(ctx, { ...sam, stale: unwrap(a) }))
    expect(fresh).not.toBe(unwrap(a))
    expect(unwrap(await readProfiles(vault, accountUuid)).tokens).toEqual({ [member('Sam')]: fresh })
  })

  it('a malformed entry is a keychain error that does not echo it; going back to the owner replaces it', async () => {
    const planted = 'not-json token=abcdefghijklmnop'
    unwrap(await vault.setEntry(profileEntryName(accountUuid), planted))
    const error = errorOf(await readProfiles(vault, accountUuid))
    expect(error.code).toBe('keychain')
    expect(error.message).toContain(`plexkey user --owner`)
    expect(error.message).not.toContain('abcdefghijklmnop')
    expect(errorOf(await switchProfile(context(), { userUuid: member('Sam') })).code).toBe('keychain')
    expect(unwrap(await switchProfile(context(), { userUuid: null }))).toEqual({ active: null, tokens: {} })
  })

  it('a token read back from the entry is masked in logs from then on, though no client has seen it', async () => {
    const kept = `kept-${randomBytes(12).toString('base64url')}`
    expect(redact(`quoted ${kept} here`)).toContain(kept)
    unwrap(await vault.setEntry(profileEntryName(accountUuid), JSON.stringify({ active: null, tokens: { [member('Sam')]: kept } })))
    unwrap(await readProfiles(vault, accountUuid))
    expect(redact(`quoted ${kept} here`)).not.toContain(kept)
  })
})
