import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { activateAccount, rememberAccount, signOutAccount } from '../../main/core/account/account-changes'
import { matchAccount } from '../../main/core/account/account-match'
import type { CredentialVault, StoredCredential } from '../../main/core/account/credential-vault'
import { listKeptAccounts } from '../../main/core/account/kept-accounts'
import { vaultPinnedTo } from '../../main/core/account/pinned-vault'
import { fail } from '../../main/core/result'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { errorOf, unwrap } from '../support/result-parts'

// The accounts index and its steps over the real keychain (a private GNOME Keyring).
const ann: StoredCredential = { accountKey: 'a1a1a1a1a1a1a1a1', username: 'ann', title: 'Ann Example', token: 'ann-token-Q1w2E3r4' }
const bea: StoredCredential = { accountKey: 'b2b2b2b2b2b2b2b2', username: 'bea', token: 'bea-token-Z9x8C7v6' }
const cid: StoredCredential = { accountKey: 'c3c3c3c3c3c3c3c3', username: 'cid', title: 'Åsa 山田 \u001b[2J', token: 'cid-token-M5n6B7v8' }

const keysOf = (accounts: readonly { credential: StoredCredential; active: boolean }[]) =>
  accounts.map((a) => `${a.credential.accountKey}${a.active ? '*' : ''}`)

describe('the accounts kept in the keychain', () => {
  let keyring: PrivateKeyring
  let vault: CredentialVault

  beforeAll(async () => {
    keyring = await startPrivateKeyring()
    vault = keytarVaultOn(keyring)
  })
  afterAll(async () => {
    await keyring?.stop()
  })
  afterEach(async () => {
    for (const account of Object.keys(await keyring.items())) await keyring.secretTool('clear', 'service', 'plexkey', 'account', account)
  })

  /** Signs accounts in one after another as the sign-in does: saved, made active, put first. */
  async function signIn(...credentials: StoredCredential[]): Promise<void> {
    for (const credential of credentials) {
      const previous = unwrap(await vault.loadActive())
      unwrap(await vault.saveActive(credential))
      unwrap(await rememberAccount(vault, credential.accountKey, previous?.accountKey ?? null))
    }
  }

  it('an install from before there were several accounts counts its active account as the only one', async () => {
    await keyring.storeItem(`token:${bea.accountKey}`, JSON.stringify({ username: 'bea', token: bea.token }))
    await keyring.storeItem('active', `token:${bea.accountKey}`)
    const listed = unwrap(await listKeptAccounts(vault))
    expect(listed).toEqual([{ credential: bea, active: true }])
    // Adding another keeps it, listed second.
    await signIn(ann)
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${ann.accountKey}*`, bea.accountKey])
    expect((await keyring.items())['accounts']).toBe(JSON.stringify([ann.accountKey, bea.accountKey]))
  })

  it('lists most recently used first; switching moves the marker and the order, and nothing else', async () => {
    await signIn(ann, bea, cid)
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${cid.accountKey}*`, bea.accountKey, ann.accountKey])
    const switched = unwrap(await activateAccount(vault, ann.accountKey))
    expect(switched).toEqual({ credential: ann, active: true })
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${ann.accountKey}*`, cid.accountKey, bea.accountKey])
    expect(unwrap(await vault.load(cid.accountKey))).toEqual(cid)
  })

  it('signing in again as a listed account refreshes its token in place and puts it first', async () => {
    await signIn(ann, bea)
    await signIn({ ...ann, token: 'ann-token-refreshed' })
    const listed = unwrap(await listKeptAccounts(vault))
    expect(keysOf(listed)).toEqual([`${ann.accountKey}*`, bea.accountKey])
    expect(listed[0]?.credential.token).toBe('ann-token-refreshed')
  })

  it('signing out the active account makes the most recently used other one active, and takes its own entries along', async () => {
    await signIn(ann, bea, cid)
    unwrap(await vault.setEntry(`profiles:${cid.accountKey}`, '{"active":null,"tokens":{}}'))
    unwrap(await vault.setEntry(`tools:${cid.accountKey}`, '{"tools":[]}'))
    unwrap(await vault.setEntry(`profiles:${bea.accountKey}`, '{"active":null,"tokens":{}}'))
    const forgotten: string[] = []
    const out = unwrap(await signOutAccount(vault, cid.accountKey, async (token) => (forgotten.push(token), true)))
    expect(out).toEqual({ signedOut: { credential: cid, active: true }, told: true, nowActive: { credential: bea, active: true } })
    expect(forgotten).toEqual([cid.token])
    expect(await keyring.items()).toEqual({
      active: `token:${bea.accountKey}`,
      accounts: JSON.stringify([bea.accountKey, ann.accountKey]),
      [`token:${ann.accountKey}`]: JSON.stringify({ username: 'ann', title: 'Ann Example', token: ann.token }),
      [`token:${bea.accountKey}`]: JSON.stringify({ username: 'bea', token: bea.token }),
      [`profiles:${bea.accountKey}`]: '{"active":null,"tokens":{}}',
    })
  })

  it('signing out an account that is not active leaves the active one as it is; the last one leaves no list behind', async () => {
    await signIn(ann, bea)
    const out = unwrap(await signOutAccount(vault, ann.accountKey, async () => false))
    expect(out).toMatchObject({ told: false, nowActive: null })
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${bea.accountKey}*`])
    unwrap(await signOutAccount(vault, bea.accountKey, async () => true))
    expect(await keyring.items()).toEqual({})
  })

  it('a sign-out cut short never leaves `active` naming nothing, nor loses the token of an account still listed', async () => {
    await signIn(ann, bea)
    // The keychain refuses to remove the token: the step stops there.
    const failing: CredentialVault = { ...vault, remove: async () => fail('keychain', 'The keychain is locked.') }
    const cut = await signOutAccount(failing, bea.accountKey, async () => true)
    expect(errorOf(cut).code).toBe('keychain')
    const items = await keyring.items()
    // The other account was made active first, so the marker names an entry that is there.
    expect(items['active']).toBe(`token:${ann.accountKey}`)
    expect(items[`token:${ann.accountKey}`]).toBeDefined()
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${ann.accountKey}*`, bea.accountKey])
    // Tried again, it completes.
    unwrap(await signOutAccount(vault, bea.accountKey, async () => true))
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${ann.accountKey}*`])
  })

  it('a listed account whose entry is gone (a refused token, a removal cut short) is left out', async () => {
    await signIn(ann, bea)
    unwrap(await vault.remove(ann.accountKey))
    expect(keysOf(unwrap(await listKeptAccounts(vault)))).toEqual([`${bea.accountKey}*`])
  })

  it('a damaged list is a clear keychain error that is never echoed; no token is lost and nothing changes', async () => {
    await signIn(ann, bea)
    const hostile = '\u001b]0;pwned\u0007 not a list'
    for (const damaged of [hostile, JSON.stringify({ accounts: [] }), JSON.stringify(['ok', 'with space']), JSON.stringify(Array(201).fill('x'))]) {
      unwrap(await vault.setEntry('accounts', damaged))
      const before = await keyring.items()
      const listed = errorOf(await listKeptAccounts(vault))
      expect(listed.code).toBe('keychain')
      expect(listed.message).toContain('"accounts"')
      expect(listed.message).toContain('secret-tool clear service plexkey account accounts')
      expect(listed.message).not.toContain('pwned')
      expect(errorOf(await activateAccount(vault, ann.accountKey)).code).toBe('keychain')
      expect(errorOf(await signOutAccount(vault, bea.accountKey, async () => true)).code).toBe('keychain')
      expect(await keyring.items()).toEqual(before)
      // The active account itself is still there for every command that needs no list.
      expect(unwrap(await vault.loadActive())).toEqual(bea)
    }
  })

  it('a vault pinned to one account reads and renews that one, and never moves the marker', async () => {
    await signIn(ann, bea)
    const pinned = vaultPinnedTo(vault, ann.accountKey)
    expect(unwrap(await pinned.loadActive())).toEqual(ann)
    unwrap(await pinned.saveActive({ ...ann, token: 'ann-renewed-X1' }))
    expect(unwrap(await vault.load(ann.accountKey))?.token).toBe('ann-renewed-X1')
    expect(unwrap(await vault.loadActive())?.accountKey).toBe(bea.accountKey)
    expect(errorOf(await pinned.saveActive(cid)).code).toBe('invalid-state')
    expect(unwrap(await vault.load(cid.accountKey))).toBeNull()
  })
})

describe('naming an account', () => {
  const kept = (credential: StoredCredential) => ({ credential, active: false })
  const accounts = [
    kept({ accountKey: 'u1', username: 'alex', title: 'Family', token: 't' }),
    kept({ accountKey: 'u2', username: 'Family', title: 'Work', token: 't' }),
    kept({ accountKey: 'u3', username: 'sam', title: 'Work', token: 't' }),
    kept({ accountKey: 'alex', username: 'robin', title: 'Robin', token: 't' }),
  ]
  const found = (query: string) => {
    const match = matchAccount(accounts, query)
    return match.kind === 'found' ? match.account.credential.accountKey : match.kind
  }

  it('takes the uuid, then the username, then the title, exactly; then the same ignoring case', () => {
    expect(found('u3')).toBe('u3')
    // A uuid wins over a username that is the same text.
    expect(found('alex')).toBe('alex')
    // A username wins over a title that is the same text.
    expect(found('Family')).toBe('u2')
    expect(found('Robin')).toBe('alex')
    expect(found('U1')).toBe('u1')
    expect(found('SAM')).toBe('u3')
    expect(found('robin')).toBe('alex')
  })

  it('two accounts that fit at the same step are ambiguous; none is unknown', () => {
    expect(found('Work')).toBe('ambiguous')
    expect(found('work')).toBe('ambiguous')
    expect(found('nobody')).toBe('unknown')
  })
})
