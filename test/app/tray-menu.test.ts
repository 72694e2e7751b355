import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { AccountView, PinView, SignInState } from '../../preload/api'
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
      : `${m.type === 'checkbox' ? (m.checked ? '[x] ' : '[ ] ') : ''}${m.label}${m.enabled === false ? ' (disabled)' : ''}`,
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
    const lines = (state: SignInState): string[] => outline(trayView(state, { openAtLogin: false }, actions(), null, utc).menu).slice(0, 3)

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
