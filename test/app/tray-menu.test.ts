import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { AccountListing, AccountView, IdentitiesView, PinView, ProfileListing, SignInState } from '../../preload/api'
import { localTimeOfDay, trayView, type TrayActions } from '../../main/app/tray-menu'
import { Menu } from '../support/electron-stand-in'

const account: AccountView = {
  id: 1,
  uuid: 'u-1',
  username: 'alice',
  title: 'Alice',
  email: 'alice@example.com',
  avatar: null,
  hasPlexPass: false,
}
const storage = { name: 'Memory', service: 'plexkey', account: 'u-1' }
const linkPin: PinView = { mode: 'link', pinId: 7, code: 'ABCD', url: 'https://plex.tv/link', qrPayload: null, expiresAt: 0, renewals: 0 }
const browserPin: PinView = { ...linkPin, mode: 'browser', code: 'x'.repeat(25), url: 'https://app.plex.tv/auth#?code=x' }
const signedIn = (health: 'ok' | 'unreachable' | 'checking', nextCheckAt: number | null = null): SignInState => ({
  kind: 'signed-in',
  account,
  checkedAt: 0,
  health,
  nextCheckAt,
  storage,
})

function actions() {
  return {
    signIn: vi.fn<() => void>(),
    checkNow: vi.fn<() => void>(),
    openWindow: vi.fn<() => void>(),
    signOut: vi.fn<() => void>(),
    setOpenAtLogin: vi.fn<(enabled: boolean) => void>(),
    quit: vi.fn<() => void>(),
    copyServerAddress: vi.fn<(clientIdentifier: string) => void>(),
    openServerInPlexWeb: vi.fn<(clientIdentifier: string) => void>(),
    switchAccount: vi.fn<(uuid: string) => void>(),
    switchProfile: vi.fn<(uuid: string) => void>(),
    openPinPad: vi.fn<(uuid: string) => void>(),
  } satisfies TrayActions
}

function item(menu: readonly MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = menu.find((m) => m.id === id)
  if (!found) throw new Error(`no menu item ${id}`)
  return found
}

/** A click as Electron delivers it: on the built menu, where a disabled item cannot be picked. */
function click(menu: readonly MenuItemConstructorOptions[], id: string): void {
  if (!Menu.buildFromTemplate(menu as never).click(id)) throw new Error(`${id} is disabled`)
}

/** The menu as the user reads it: label, and (disabled) or [x] marks. */
function outline(menu: readonly MenuItemConstructorOptions[]): string[] {
  return menu.map((m) =>
    m.type === 'separator'
      ? '---'
      : `${m.type === 'checkbox' ? (m.checked ? '[x] ' : '[ ] ') : ''}${m.type === 'radio' ? (m.checked ? '(o) ' : '( ) ') : ''}${m.label}${m.enabled === false ? ' (disabled)' : ''}`,
  )
}

const cases: readonly { name: string; state: SignInState; icon: string; menu: string[] }[] = [
  {
    name: 'restoring',
    state: { kind: 'restoring' },
    icon: 'signing-in',
    menu: ['Checking your sign-in… (disabled)', '---', 'Sign in… (disabled)', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'signed out',
    state: { kind: 'signed-out' },
    icon: 'signed-out',
    menu: ['Signed out (disabled)', '---', 'Sign in…', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'token rejected',
    state: { kind: 'signed-out', reason: 'token-rejected' },
    icon: 'attention',
    menu: ['Plex no longer accepts this sign-in (disabled)', '---', 'Re-authenticate', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'PIN expired',
    state: { kind: 'signed-out', reason: 'expired' },
    icon: 'signed-out',
    menu: ['Signed out: the sign-in code expired (disabled)', '---', 'Sign in…', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'signed out while plex.tv could not be told',
    state: { kind: 'signed-out', reason: 'signed-out-locally' },
    icon: 'signed-out',
    menu: ['Signed out on this computer only (disabled)', '---', 'Sign in…', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'starting',
    state: { kind: 'starting', modes: ['browser'] },
    icon: 'signing-in',
    menu: ['Starting sign-in… (disabled)', '---', 'Sign in…', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'waiting in the browser',
    state: { kind: 'waiting', pins: [browserPin], starting: [], failed: [], retry: null },
    icon: 'signing-in',
    menu: ['Waiting for approval in your browser (disabled)', '---', 'Sign in…', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'waiting for a link code',
    state: { kind: 'waiting', pins: [browserPin, linkPin], starting: [], failed: [], retry: null },
    icon: 'signing-in',
    menu: ['Waiting for approval (code ABCD) (disabled)', '---', 'Sign in…', 'Check now (disabled)', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'signed in',
    state: signedIn('ok'),
    icon: 'signed-in',
    menu: ['Signed in as Alice (disabled)', '---', 'Check now', 'Open Plexkey', 'Servers', 'Sign out', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'signed in, checking',
    state: signedIn('checking'),
    icon: 'signed-in',
    menu: ['Signed in as Alice; checking… (disabled)', '---', 'Check now (disabled)', 'Open Plexkey', 'Servers', 'Sign out', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'signed in, plex.tv unreachable',
    state: signedIn('unreachable'),
    icon: 'unreachable',
    menu: ["Signed in as Alice; can't reach plex.tv (disabled)", '---', 'Check now', 'Open Plexkey', 'Servers', 'Sign out', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'keychain error',
    state: { kind: 'error', error: { code: 'keychain', message: 'The keychain is locked.', retryable: true } },
    icon: 'attention',
    menu: ['Problem: The keychain is locked. (disabled)', '---', 'Sign in…', 'Check now', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
  {
    name: 'token rejected, as an error',
    state: { kind: 'error', error: { code: 'token-rejected', message: 'x', retryable: false } },
    icon: 'attention',
    menu: ['Plex no longer accepts this sign-in (disabled)', '---', 'Re-authenticate', 'Check now', 'Open Plexkey', 'Sign out (disabled)', '---', '[ ] Start at login', '---', 'Quit'],
  },
]

describe('trayView', () => {
  for (const c of cases) {
    it(`draws "${c.name}"`, () => {
      const view = trayView(c.state, { openAtLogin: false }, actions())
      expect(view.icon).toBe(c.icon)
      expect(outline(view.menu)).toEqual(c.menu)
      expect(view.tooltip).toBe(`Plexkey: ${c.menu[0]?.replace(' (disabled)', '')}`)
    })
  }

  describe('the next automatic try', () => {
    const at = Date.UTC(2026, 10, 29, 15, 42, 10)
    const utc = (t: number): string => new Date(t).toISOString().slice(11, 19)
    const failure = (code: 'network' | 'rate-limited' | 'plex-error') => ({ error: { code, message: 'x', retryable: true }, retryAt: at })
    const lines = (state: SignInState): string[] => outline(trayView(state, { openAtLogin: false }, actions(), {}, utc).menu).slice(0, 3)

    it('says when plex.tv is checked again while it cannot be reached', () => {
      expect(lines(signedIn('unreachable', at))).toEqual([
        "Signed in as Alice; can't reach plex.tv (disabled)",
        'Checking again at 15:42:10 (disabled)',
        '---',
      ])
    })

    it('says why a sign-in waits, and until when, for each kind of failure', () => {
      expect(lines({ kind: 'starting', modes: ['link'], retry: failure('network') })).toEqual([
        'Starting sign-in… (disabled)',
        "Can't reach plex.tv; trying again at 15:42:10 (disabled)",
        '---',
      ])
      expect(lines({ kind: 'waiting', pins: [linkPin], starting: [], failed: [], retry: failure('rate-limited') })[1]).toBe(
        'plex.tv asked Plexkey to wait; trying again at 15:42:10 (disabled)',
      )
      expect(lines({ kind: 'waiting', pins: [linkPin], starting: [], failed: [], retry: failure('plex-error') })[1]).toBe(
        'plex.tv had a problem; trying again at 15:42:10 (disabled)',
      )
    })

    it('writes the time to the second in the local clock, as the menu is not redrawn every second', () => {
      expect(localTimeOfDay(at)).not.toBe(localTimeOfDay(at + 10_000))
      expect(localTimeOfDay(at)).toBe(localTimeOfDay(at + 999))
    })
  })

  it('tells "rejected" and "unreachable" apart in icon, tooltip and action', () => {
    const rejected = trayView({ kind: 'signed-out', reason: 'token-rejected' }, { openAtLogin: false }, actions())
    const unreachable = trayView(signedIn('unreachable'), { openAtLogin: false }, actions())
    expect(rejected.icon).not.toBe(unreachable.icon)
    expect(rejected.tooltip).not.toBe(unreachable.tooltip)
    expect(outline(unreachable.menu)).toContain('Sign out')
    expect(outline(rejected.menu)).toContain('Re-authenticate')
  })

  it('shows the start-at-login checkbox as set', () => {
    const view = trayView({ kind: 'signed-out' }, { openAtLogin: true }, actions())
    expect(item(view.menu, 'open-at-login')).toMatchObject({ type: 'checkbox', checked: true })
  })

  it('wires each item to its action', () => {
    const a = actions()
    const out = trayView({ kind: 'signed-out', reason: 'token-rejected' }, { openAtLogin: true }, a)
    click(out.menu, 'sign-in')
    click(out.menu, 'open')
    click(out.menu, 'open-at-login')
    click(out.menu, 'quit')
    expect(a.signIn).toHaveBeenCalledTimes(1)
    expect(a.openWindow).toHaveBeenCalledTimes(1)
    expect(a.setOpenAtLogin).toHaveBeenCalledWith(false)
    expect(a.quit).toHaveBeenCalledTimes(1)

    const inside = trayView(signedIn('ok'), { openAtLogin: false }, a)
    click(inside.menu, 'check-now')
    click(inside.menu, 'sign-out')
    click(inside.menu, 'open-at-login')
    expect(a.checkNow).toHaveBeenCalledTimes(1)
    expect(a.signOut).toHaveBeenCalledTimes(1)
    expect(a.setOpenAtLogin).toHaveBeenLastCalledWith(true)
  })

  it('"Start at login" asks for what the toggled checkbox shows, even from a menu drawn before a change', () => {
    const a = actions()
    const stale = Menu.buildFromTemplate(trayView(signedIn('ok'), { openAtLogin: false }, a).menu as never)
    stale.click('open-at-login')
    stale.click('open-at-login')
    expect(a.setOpenAtLogin.mock.calls).toEqual([[true], [false]])
  })

  it('says when macOS waits for the user to allow the login item', () => {
    const a = actions()
    expect(item(trayView(signedIn('ok'), { openAtLogin: true, loginItemNeedsApproval: true }, a).menu, 'open-at-login').label).toBe(
      'Start at login (allow it in System Settings › Login Items)',
    )
    expect(item(trayView(signedIn('ok'), { openAtLogin: true }, a).menu, 'open-at-login').label).toBe('Start at login')
  })

  it('a disabled item does nothing', () => {
    const a = actions()
    const menu = Menu.buildFromTemplate(trayView({ kind: 'signed-out' }, { openAtLogin: false }, a).menu as never)
    expect(menu.click('sign-out')).toBe(false)
    expect(a.signOut).not.toHaveBeenCalled()
  })

  it('offers "Check now" after an error, the way back once the keychain is unlocked', () => {
    const a = actions()
    const locked: SignInState = { kind: 'error', error: { code: 'keychain', message: 'The keychain is locked.', retryable: true } }
    click(trayView(locked, { openAtLogin: false }, a).menu, 'check-now')
    expect(a.checkNow).toHaveBeenCalledTimes(1)
  })

  it('while a PIN is live, "Sign in…" brings the window back instead of starting over', () => {
    const a = actions()
    click(trayView({ kind: 'waiting', pins: [linkPin], starting: [], failed: [], retry: null }, { openAtLogin: false }, a).menu, 'sign-in')
    expect(a.signIn).not.toHaveBeenCalled()
    expect(a.openWindow).toHaveBeenCalledTimes(1)
  })
})

describe('the Account submenu', () => {
  const alice: AccountListing = { uuid: 'acc-alice', username: 'alice', title: 'Alice', avatar: null, active: true, needsAttention: false }
  const bob: AccountListing = { uuid: 'acc-bob', username: 'bob', title: 'Tom & Jerry', avatar: null, active: false, needsAttention: true }
  /** 60 characters, none of them ASCII. */
  const LONG = 'Ünïcödé山田の子供プロフィール'.repeat(3).slice(0, 60)
  const owner: ProfileListing = { uuid: 'p-owner', title: 'Alice', avatar: null, admin: true, protected: false, restricted: false, active: true }
  const kid: ProfileListing = { uuid: 'p-kid', title: LONG, avatar: null, admin: false, protected: true, restricted: true, active: false }
  const sam: ProfileListing = { uuid: 'p-sam', title: 'Sam\u001b[2J\u202eevil', avatar: null, admin: false, protected: false, restricted: false, active: false }
  const home = (profiles: readonly ProfileListing[]): IdentitiesView['profiles'] => ({ kind: 'listed', profiles })
  const draw = (identities: IdentitiesView | null, state: SignInState = signedIn('ok'), a: TrayActions = actions()) =>
    trayView(state, { openAtLogin: false }, a, { identities }).menu
  const submenu = (menu: readonly MenuItemConstructorOptions[]): string[] =>
    outline((item(menu, 'account').submenu ?? []) as MenuItemConstructorOptions[])

  it('is not there with one account and no Home, with none known, or before any is known', () => {
    expect(draw({ accounts: [alice], profiles: { kind: 'no-home' } }).some((m) => m.id === 'account')).toBe(false)
    expect(draw({ accounts: [alice], profiles: { kind: 'loading' } }).some((m) => m.id === 'account')).toBe(false)
    expect(draw({ accounts: [], profiles: home([owner, kid]) }).some((m) => m.id === 'account')).toBe(false)
    expect(draw(null).some((m) => m.id === 'account')).toBe(false)
  })

  it('lists the accounts, then the active account’s profiles, as radio items with the active ones checked, under "Open Plexkey"', () => {
    const menu = draw({ accounts: [alice, bob], profiles: home([owner, kid, sam]) })
    expect(outline(menu).slice(2, 6)).toEqual(['Check now', 'Open Plexkey', 'Account', 'Servers'])
    expect(submenu(menu)).toEqual([
      '(o) Alice',
      // `&` doubled, or Electron would take it for a mnemonic and drop it.
      '( ) Tom && Jerry (bob) — sign in again',
      '---',
      '(o) Alice',
      `( ) ${LONG} (PIN)`,
      // No escape sequence or bidi override reaches the menu.
      '( ) Sam [2J evil',
    ])
    // Electron makes one radio group of the accounts and another of the profiles: both stay checked.
    const built = Menu.buildFromTemplate(menu as never)
    const checked = () => (built.find('account')?.submenu?.items ?? []).filter((i) => i.checked).map((i) => i.id)
    expect(checked()).toEqual(['account-acc-alice', 'profile-p-owner'])
  })

  it('with one account and a Home, offers the profiles; while they load or fail, says so', () => {
    expect(submenu(draw({ accounts: [alice], profiles: home([owner, sam]) }))).toEqual(['(o) Alice', '---', '(o) Alice', '( ) Sam [2J evil'])
    expect(submenu(draw({ accounts: [alice, bob], profiles: { kind: 'loading' } }))).toEqual([
      '(o) Alice',
      '( ) Tom && Jerry (bob) — sign in again',
      '---',
      'Looking for Home profiles… (disabled)',
    ])
    const error = { code: 'network' as const, message: 'x', retryable: true }
    expect(submenu(draw({ accounts: [alice, bob], profiles: { kind: 'error', error } })).at(-1)).toBe('Home profiles could not be read (disabled)')
    expect(submenu(draw({ accounts: [alice, bob], profiles: { kind: 'no-home' } }))).toEqual(['(o) Alice', '( ) Tom && Jerry (bob) — sign in again'])
  })

  it('switches to another account or an open profile; a protected profile opens the PIN pad; the active ones do nothing', () => {
    const a = actions()
    const menu = draw({ accounts: [alice, bob], profiles: home([owner, kid, sam]) }, signedIn('ok'), a)
    for (const id of ['account-acc-bob', 'account-acc-alice', 'profile-p-sam', 'profile-p-kid', 'profile-p-owner']) click(menu, id)
    expect(a.switchAccount.mock.calls).toEqual([['acc-bob']])
    expect(a.switchProfile.mock.calls).toEqual([['p-sam']])
    expect(a.openPinPad.mock.calls).toEqual([['p-kid']])
  })

  it('is there while signed out (another account may still work), not while a sign-in runs or is restored', () => {
    const two: IdentitiesView = { accounts: [alice, bob], profiles: { kind: 'no-home' } }
    expect(draw(two, { kind: 'signed-out', reason: 'token-rejected' }).some((m) => m.id === 'account')).toBe(true)
    expect(draw(two, { kind: 'waiting', pins: [linkPin], starting: [], failed: [], retry: null }).some((m) => m.id === 'account')).toBe(false)
    expect(draw(two, { kind: 'starting', modes: ['browser'] }).some((m) => m.id === 'account')).toBe(false)
    expect(draw(two, { kind: 'restoring' }).some((m) => m.id === 'account')).toBe(false)
  })
})

describe('untrusted names elsewhere in the tray', () => {
  it('the account in the status line and the server names: `&` kept, control characters dropped', () => {
    const state: SignInState = { ...signedIn('ok'), account: { ...account, title: 'Tom & Jerry\u001b]0;x\u0007' } } as SignInState
    const servers = { servers: [{ name: 'Den & Attic', clientIdentifier: 'srv1', owned: true, state: { kind: 'offline' as const, tried: 0 } }], checkedAt: 0 }
    const view = trayView(state, { openAtLogin: false }, actions(), { servers })
    expect(item(view.menu, 'status').label).toBe('Signed in as Tom && Jerry ]0;x')
    // A tooltip has no mnemonics: its `&` stays single.
    expect(view.tooltip).toBe('Plexkey: Signed in as Tom & Jerry ]0;x')
    expect((item(view.menu, 'servers').submenu as MenuItemConstructorOptions[])[0]?.label).toBe('Den && Attic: offline')
  })
})
