import type { MenuItemConstructorOptions } from 'electron'
import type { ErrorCode, IdentitiesView, ServerListing, ServersView, SignInState } from '../../preload/api'
import { safeLabel } from '../core/servers/server-text'
import { accountMenu, type AccountMenuActions } from './account-menu'
import { menuText } from './menu-text'

/** One icon per situation the tray must tell apart at a glance. */
export type TrayIconKey = 'signed-in' | 'unreachable' | 'attention' | 'signing-in' | 'signed-out'

export const trayIconKeys: readonly TrayIconKey[] = ['signed-in', 'unreachable', 'attention', 'signing-in', 'signed-out']

/** What the tray's menu items do; the controller wires them to the service and the window. */
export interface TrayActions extends AccountMenuActions {
  /** Sign in… / Re-authenticate: starts a browser sign-in and shows the window. */
  signIn(): void
  checkNow(): void
  openWindow(): void
  signOut(): void
  setOpenAtLogin(enabled: boolean): void
  quit(): void
  /** Copies the address a probe proved to be that server. */
  copyServerAddress(clientIdentifier: string): void
  openServerInPlexWeb(clientIdentifier: string): void
}

/** The settings the tray shows. */
export interface TraySettings {
  readonly openAtLogin: boolean
  /**
   * macOS 13+ registered the login item but waits for the user to allow it in System Settings
   * (getLoginItemSettings().status is 'requires-approval'): until then it will not start Plexkey.
   */
  readonly loginItemNeedsApproval?: boolean
}

export interface TrayView {
  readonly icon: TrayIconKey
  readonly tooltip: string
  readonly menu: readonly MenuItemConstructorOptions[]
}

/** The name the user knows the account by: untrusted text from plex.tv, fit to show. */
function accountName(state: Extract<SignInState, { kind: 'signed-in' }>): string {
  return safeLabel(state.account.title || state.account.username)
}

/** True when plex.tv refused the token: the one situation that needs the user. */
export function needsReauthentication(state: SignInState): boolean {
  return (
    (state.kind === 'signed-out' && state.reason === 'token-rejected') ||
    (state.kind === 'error' && state.error.code === 'token-rejected')
  )
}

function iconFor(state: SignInState): TrayIconKey {
  switch (state.kind) {
    case 'signed-in':
      return state.health === 'unreachable' ? 'unreachable' : 'signed-in'
    case 'restoring':
    case 'starting':
    case 'waiting':
      return 'signing-in'
    case 'signed-out':
      return state.reason === 'token-rejected' ? 'attention' : 'signed-out'
    case 'error':
      return 'attention'
  }
}

/** The status line, also the tooltip's second half. Short: some trays cut tooltips off. */
function statusFor(state: SignInState): string {
  switch (state.kind) {
    case 'restoring':
      return 'Checking your sign-in…'
    case 'signed-out':
      if (state.reason === 'token-rejected') return 'Plex no longer accepts this sign-in'
      if (state.reason === 'expired') return 'Signed out: the sign-in code expired'
      if (state.reason === 'signed-out-locally') return 'Signed out on this computer only'
      return 'Signed out'
    case 'starting':
      return 'Starting sign-in…'
    case 'waiting': {
      const link = state.pins.find((pin) => pin.mode === 'link')
      return link ? `Waiting for approval (code ${link.code})` : 'Waiting for approval in your browser'
    }
    case 'signed-in':
      if (state.health === 'unreachable') return `Signed in as ${accountName(state)}; can't reach plex.tv`
      if (state.health === 'checking') return `Signed in as ${accountName(state)}; checking…`
      return `Signed in as ${accountName(state)}`
    case 'error':
      return state.error.code === 'token-rejected'
        ? 'Plex no longer accepts this sign-in'
        : `Problem: ${state.error.message}`
  }
}

/**
 * The menu line under the status while plex.tv is asked again on its own after a failure it may
 * get over: why, and when. Null when no try is due. `timeOfDay` writes the time.
 */
function nextTryLine(state: SignInState, timeOfDay: (at: number) => string): string | null {
  if (state.kind === 'signed-in') {
    return state.health === 'unreachable' && state.nextCheckAt !== null ? `Checking again at ${timeOfDay(state.nextCheckAt)}` : null
  }
  if (state.kind !== 'starting' && state.kind !== 'waiting') return null
  const retry = state.retry
  if (!retry) return null
  return `${retryReason(retry.error.code)}; trying again at ${timeOfDay(retry.retryAt)}`
}

/** Why a sign-in waits to ask plex.tv again, in a few words. */
function retryReason(code: ErrorCode): string {
  if (code === 'rate-limited') return 'plex.tv asked Plexkey to wait'
  if (code === 'network' || code === 'timeout') return "Can't reach plex.tv"
  return 'plex.tv had a problem'
}

/**
 * "15:42:10" in the user's own clock format. The menu is drawn once per change, not every second,
 * so it says when rather than how long: a countdown in it would be stale as soon as it opened.
 */
export function localTimeOfDay(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** A server's line in the tray: its name and how it can be reached, as the window says it. */
function serverLabel(server: ServerListing): string {
  const { state } = server
  if (state.kind === 'online') return `${server.name}: ${state.via}${state.encrypted ? '' : ' without encryption'}, ${state.rttMs} ms`
  if (state.kind === 'unencrypted-only') return `${server.name}: reachable only without encryption`
  return `${server.name}: ${state.kind}`
}

/** The Servers submenu: each server's state, and what can be done with it. */
function serversMenu(servers: ServersView | null, actions: TrayActions): MenuItemConstructorOptions[] {
  if (servers === null) return [{ id: 'servers-loading', label: 'Looking for your servers…', enabled: false }]
  if (servers.servers.length === 0) return [{ id: 'servers-none', label: 'No servers on this account', enabled: false }]
  return servers.servers.map((server) => ({
    id: `server-${server.clientIdentifier}`,
    label: menuText(serverLabel(server)),
    submenu: [
      {
        id: `server-copy-${server.clientIdentifier}`,
        label: 'Copy address',
        enabled: server.state.kind === 'online',
        click: () => actions.copyServerAddress(server.clientIdentifier),
      },
      {
        id: `server-web-${server.clientIdentifier}`,
        label: 'Open in Plex Web',
        click: () => actions.openServerInPlexWeb(server.clientIdentifier),
      },
    ],
  }))
}

/** What the tray lists besides the sign-in state; null or absent: not known (yet). */
export interface TrayLists {
  /** The account's servers, as last probed. */
  readonly servers?: ServersView | null
  /** The accounts and the active account's Home profiles. */
  readonly identities?: IdentitiesView | null
}

/**
 * State → icon, tooltip and menu. Pure, so every state's menu is tested without Electron. Signed
 * in, a Servers submenu lists the servers (null: not probed yet). An "Account" submenu offers the
 * other accounts and the Home profiles, when there are any, except while a sign-in runs.
 * `timeOfDay` writes the time of the next automatic try.
 */
export function trayView(
  state: SignInState,
  settings: TraySettings,
  actions: TrayActions,
  lists: TrayLists = {},
  timeOfDay: (at: number) => string = localTimeOfDay,
): TrayView {
  const status = statusFor(state)
  const signedIn = state.kind === 'signed-in'
  const signingIn = state.kind === 'starting' || state.kind === 'waiting'
  const nextTry = nextTryLine(state, timeOfDay)
  const accounts = signingIn || state.kind === 'restoring' || !lists.identities ? null : accountMenu(lists.identities, actions)
  const menu: MenuItemConstructorOptions[] = [
    { id: 'status', label: menuText(status), enabled: false },
    ...(nextTry === null ? [] : [{ id: 'next-try', label: nextTry, enabled: false }]),
    { type: 'separator' },
  ]
  if (!signedIn) {
    menu.push({
      id: 'sign-in',
      label: needsReauthentication(state) ? 'Re-authenticate' : 'Sign in…',
      enabled: state.kind !== 'restoring',
      // While a PIN is live, this brings its window back rather than starting over.
      click: signingIn ? () => actions.openWindow() : () => actions.signIn(),
    })
  }
  menu.push(
    {
      id: 'check-now',
      label: 'Check now',
      // From an error, a check starts over from the keychain: the way back once it is unlocked.
      enabled: (signedIn && state.health !== 'checking') || state.kind === 'error',
      click: () => actions.checkNow(),
    },
    { id: 'open', label: 'Open Plexkey', click: () => actions.openWindow() },
    ...(accounts ? [{ id: 'account', label: 'Account', submenu: accounts }] : []),
    ...(signedIn ? [{ id: 'servers', label: 'Servers', submenu: serversMenu(lists.servers ?? null, actions) }] : []),
    { id: 'sign-out', label: 'Sign out', enabled: signedIn, click: () => actions.signOut() },
    { type: 'separator' },
    {
      id: 'open-at-login',
      label:
        settings.openAtLogin && settings.loginItemNeedsApproval
          ? 'Start at login (allow it in System Settings › Login Items)'
          : 'Start at login',
      type: 'checkbox',
      checked: settings.openAtLogin,
      // Electron has already toggled the checkbox when this runs: its `checked` is what the user asked for.
      click: (item) => actions.setOpenAtLogin(item.checked),
    },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  )
  return { icon: iconFor(state), tooltip: `Plexkey: ${status}`, menu }
}
