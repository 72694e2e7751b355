import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { app, clipboard, dialog, Menu, net, Notification, powerMonitor, protocol, session, Tray } from 'electron'
import type { IdentitiesView, Result, SignInState, Snapshot } from '../../preload/api'
import { activeToken } from '../core/account/active-token'
import { createPinAttempts } from '../core/home/pin-attempts'
import type { CredentialVault } from '../core/account/credential-vault'
import { type ClientIdentity, loadClientIdentity } from '../core/account/client-identity'
import { createKeytarVault, keychainLockFile } from '../core/account/keytar-vault'
import { systemClock } from '../core/clock'
import { createProcessLock } from '../core/config/process-lock'
import { createSettingsStore } from '../core/config/settings-store'
import { refreshOnSignIn } from '../core/identities/follow-sign-in'
import { createIdentityService, type IdentityService } from '../core/identities/identity-service'
import { createLogger } from '../core/log'
import { resolvePlexEndpoints } from '../core/plex/endpoints'
import { createPlexClient } from '../core/plex/plex-client'
import { createServerDirectory } from '../core/servers/server-directory'
import { createSignInService } from '../core/signin/create-signin-service'
import type { PlexClient } from '../core/plex/plex-types'
import type { SignInService } from '../core/signin/signin-service'
import { originOf } from '../core/url/external-url-policy'
import { createAccountActions } from './account-actions'
import { macApplicationMenu } from './app-menu'
import { serveAppRequest } from './app-protocol'
import { accountActiveNotice, createAuthNotifier } from './auth-notifications'
import { contentSecurityPolicy, withContentSecurityPolicy } from './csp'
import { denyAllPermissions, installHardening } from './harden'
import { createHealthScheduler, type HealthIntervals } from './health-scheduler'
import { createIpcHandlers } from './ipc-handlers'
import { keychainServiceOf } from './launch'
import { type EventReceiver, registerIpcHandlers, sendEvent } from './ipc-main'
import { applyOpenAtLogin, HIDDEN_FLAG, launchCommand } from './login-item'
import { createMainWindow, type MainWindow } from './main-window'
import { createNotificationShower } from './os-notification'
import { createPlexTransport, PLEX_PARTITION } from './plex-transport'
import { createBrowserSignIn } from './browser-sign-in'
import { createConfirmSignOut } from './confirm-sign-out'
import { createDeviceActions } from './device-actions'
import { createProfileActions } from './profile-actions'
import { activeToolMarks } from '../core/tools/active-tool-marks'
import { createReauthenticate } from './reauthenticate'
import { createSafeOpenExternal } from './safe-open-external'
import { createServerActions } from './server-actions'
import { createServerRefresh } from './server-refresh'
import { createSettingsController } from './settings-controller'
import { createToolActions } from './tool-actions'
import { appIconPath, loadTrayIcon } from './tray-icons'
import { createTrayController } from './tray-controller'
import { needsReauthentication } from './tray-menu'
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './url-policy'

export interface StartAppOptions {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly argv: readonly string[]
  /** The OS keychain unless given (tests pass an in-memory vault). */
  readonly vault?: CredentialVault
  readonly healthIntervals?: Partial<HealthIntervals>
  /** process.platform unless given: tests start the app as each OS would run it. */
  readonly platform?: NodeJS.Platform
}

/** Handles on the running app, for the tests that drive it through the Electron stand-in. */
export interface RunningApp {
  readonly mainWindow: MainWindow
  readonly service: SignInService
  readonly identities: IdentityService
}

const log = createLogger('app')

/** Something the app cannot run without failed: say so in a dialog and leave. */
function giveUp(message: string): null {
  log.error('cannot start', { message })
  dialog.showErrorBox('Plexkey cannot start', message)
  app.quit()
  return null
}

/**
 * The composition root: builds every part, wires them together, and holds no logic of its own.
 * Plexkey then lives in the tray until Quit; closing the window only hides it.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp | null> {
  const { env } = options
  const platform = options.platform ?? process.platform
  app.setName('Plexkey')
  // Windows shows notifications only for an app with an identity; the installer uses the same id.
  if (platform === 'win32') app.setAppUserModelId('tv.plexkey.app')
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }

  // The dev server's URL only outside a packaged app: a packaged build always serves app://.
  const devUrl = app.isPackaged ? undefined : env['ELECTRON_RENDERER_URL']
  const rendererUrl = devUrl ?? APP_ENTRY_URL
  const appOrigin = originOf(rendererUrl)
  if (!appOrigin) return giveUp(`The renderer address ${rendererUrl} is not a valid URL.`)
  installHardening(app, () => appOrigin)

  let mainWindow: MainWindow | null = null
  let quitting = false
  app.on('second-instance', () => mainWindow?.reveal())
  app.on('activate', () => mainWindow?.reveal())
  app.on('before-quit', () => {
    quitting = true
  })
  // The tray keeps Plexkey running; Quit is the way out, not closing the last window.
  app.on('window-all-closed', () => undefined)

  await app.whenReady()

  const appPath = app.getAppPath()
  // Icons are unpacked from the asar archive (electron-builder.yml): the OS reads them by path.
  const resourcesDir = join(app.isPackaged ? appPath.replace(/app\.asar$/, 'app.asar.unpacked') : appPath, 'resources')
  const csp = contentSecurityPolicy(devUrl ? 'development' : 'production')
  const rendererDir = join(appPath, 'out', 'renderer')
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererDir, csp))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    // Only our own pages.
    if (!isAppUrl(details.url, appOrigin)) return callback({})
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, csp) })
  })
  denyAllPermissions(session.defaultSession)
  Menu.setApplicationMenu(platform === 'darwin' ? Menu.buildFromTemplate(macApplicationMenu()) : null)

  const configDir = env['PLEXKEY_CONFIG_DIR'] ? resolve(env['PLEXKEY_CONFIG_DIR']) : app.getPath('userData')
  const identity = await loadClientIdentity({ configDir, version: app.getVersion(), logger: createLogger('identity') })
  if (!identity.ok) return giveUp(identity.error.message)
  const endpoints = resolvePlexEndpoints(env)
  if (!endpoints.ok) return giveUp(endpoints.error.message)
  const keychainService = keychainServiceOf(env)
  if (!keychainService.ok) return giveUp(keychainService.error.message)

  // Chromium's network stack (the system proxy and the OS certificate store apply), in a session
  // of its own that lives in memory: nothing plex.tv or a Media Server answers is written to disk.
  const plexFetch = createPlexTransport({ request: (request) => net.request(request), session: session.fromPartition(PLEX_PARTITION) })
  // A tool's device speaks to plex.tv as itself, over the same transport as the desktop.
  const clientFor = (as: ClientIdentity): PlexClient =>
    createPlexClient({ identity: as, fetch: plexFetch, endpoints: endpoints.value, logger: createLogger('plex') })
  const plex = clientFor(identity.value)
  // One lock file with every `plexkey` command, so their keychain changes never interleave.
  const vault =
    options.vault ??
    createKeytarVault({ service: keychainService.value, lock: createProcessLock({ file: keychainLockFile(configDir) }) })
  const service = createSignInService({
    plex,
    vault,
    clock: systemClock,
    identity: identity.value,
    logger: createLogger('signin'),
    // The health scheduler below owns routine checks; the service still retries an unreachable plex.tv
    // and refreshes a Plex JWT when it falls due.
    policy: { healthCheckIntervalMs: 0 },
    // Read when a sign-in starts, so a changed setting applies to the next sign-in.
    authScheme: () => store.get().authScheme,
  })

  // The PIN pad is the window's: main names the profile, brings the window up, and the PIN comes back in one profiles:switch.
  const pinWanted = (uuid: string): void => {
    sendEvent(ourPage(), 'profiles:pin-wanted', { uuid })
    window.reveal()
  }
  const profiles = createProfileActions({
    vault,
    plex,
    // The same file as every `plexkey` command: wrong PINs are counted together.
    attempts: createPinAttempts(configDir),
    now: () => systemClock.now(),
    // The identity service reads the accounts and the active account's profiles again.
    refreshIdentities: () => void identities.refresh(),
    refreshServers: () => void servers.reload(),
    pinWanted,
  })
  const servers = createServerDirectory({
    plex,
    // The active identity's token stays in main: read from the keychain the service keeps up to
    // date, the active Home profile's when one is, minted again when plex.tv refuses it.
    identityToken: () => profiles.identityToken(),
    renewToken: (refused) => profiles.renewed(refused),
    // The same stack: plex.direct certificates are checked against the OS store, and a redirect
    // from an address is never followed.
    fetch: plexFetch,
    clock: systemClock,
    // Off unless the user turned it on in the settings; the window then marks each such server.
    allowUnencryptedServers: () => store.get().allowUnencryptedServers,
  })

  const devices = createDeviceActions({
    plex,
    accountToken: () => activeToken(vault),
    toolMarks: () => activeToolMarks(vault),
    clientId: identity.value.clientId,
    now: () => systemClock.now(),
    log: createLogger('devices'),
  })
  const tools = createToolActions({
    vault,
    plex,
    clientFor,
    install: identity.value,
    now: () => systemClock.now(),
    log: createLogger('tools'),
  })

  const authOrigin = env['PLEXKEY_AUTH_URL'] ? originOf(endpoints.value.auth) : null
  const openExternal = createSafeOpenExternal({ extraOrigins: authOrigin ? [authOrigin] : [], log })

  const store = createSettingsStore({ configDir, logger: createLogger('settings') })
  const loaded = await store.load()
  if (!loaded.ok) log.warn('settings not loaded; defaults apply', { message: loaded.error.message })
  const loginItem = (enabled: boolean) =>
    applyOpenAtLogin(enabled, {
      platform,
      env,
      homedir: homedir(),
      command: launchCommand({ isPackaged: app.isPackaged, execPath: process.execPath, appPath, env }),
      setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
    })
  // Re-applied at start: an updated AppImage or install may live at a new path.
  if (store.get().openAtLogin) void loginItem(true)

  const startHidden =
    options.argv.includes(HIDDEN_FLAG) ||
    (platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true)
  // Electron cannot tell whether a Linux desktop shows tray icons (stock GNOME does not): there,
  // hiding waits until the tray has been used. Elsewhere the tray is always on screen.
  const canHideToTray = () => platform !== 'linux' || tray.seen()
  const window = createMainWindow({
    preloadPath: join(appPath, 'out', 'preload', 'index.js'),
    url: rendererUrl,
    devTools: !app.isPackaged,
    icon: appIconPath(resourcesDir),
    isQuitting: () => quitting,
    startHidden,
    canHideToTray,
  })
  mainWindow = window

  const startBrowserSignIn = createBrowserSignIn({ service, openExternal })
  const reauthenticate = createReauthenticate({ startBrowserSignIn, reveal: () => window.reveal() })
  const tray = createTrayController({
    createTray: (image) => new Tray(image),
    loadIcon: (key) => loadTrayIcon(resourcesDir, key, platform),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    clickOpensWindow: platform !== 'darwin',
    actions: {
      signIn: reauthenticate,
      checkNow: () => void service.checkNow(),
      openWindow: () => window.reveal(),
      signOut: createConfirmSignOut({ signOut: () => service.signOut(), parent: () => window.window }),
      setOpenAtLogin: (enabled) => void setOpenAtLoginFromTray(enabled),
      quit: () => app.quit(),
      copyServerAddress: (clientIdentifier) => void serverActions.copyAddress(clientIdentifier),
      openServerInPlexWeb: (clientIdentifier) => void serverActions.openInPlexWeb(clientIdentifier),
      // The window's own actions: the tray asks for nothing the window could not.
      switchAccount: (uuid) => void reportTrayFailure('switch accounts', handlers['accounts:switch']({ uuid })),
      switchProfile: (uuid) => void switchProfileFromTray(uuid),
      // The PIN is typed in the window, never in a menu: the tray only brings the window's PIN pad up.
      openPinPad: pinWanted,
    },
  })
  // One shower: a new notice replaces the one on screen.
  const showNotice = createNotificationShower(appIconPath(resourcesDir), platform)
  const identities = createIdentityService({ vault, plex, clock: systemClock, log: createLogger('identities') })
  const accounts = createAccountActions({
    service,
    identities,
    vault,
    plex,
    addInBrowser: createBrowserSignIn({ service, openExternal, adding: true }),
    announceActive: (account) => showNotice(accountActiveNotice(account), () => window.reveal()),
    log: createLogger('accounts'),
  })
  const drawTray = (state: SignInState = service.getSnapshot().state): void => {
    tray.render(state, traySettings(), servers.current(), identities.view())
  }
  async function reportTrayFailure(what: string, pending: Result<void> | Promise<Result<void>>): Promise<void> {
    const result = await pending
    if (result.ok) return
    log.warn(`could not ${what} from the tray`, { code: result.error.code })
    dialog.showErrorBox(`Plexkey could not ${what}`, result.error.message)
  }
  // plex.tv may want a PIN for a profile the Home lists as open (even the admin's): the window asks it.
  async function switchProfileFromTray(uuid: string): Promise<void> {
    const result = await profiles.switchTo({ uuid })
    if (!result.ok && result.error.code === 'home-pin-required') return pinWanted(uuid)
    await reportTrayFailure('switch profiles', result)
  }
  // macOS 13+ may register the login item yet wait for the user to allow it.
  const traySettings = () => ({
    ...settings.get(),
    loginItemNeedsApproval: platform === 'darwin' && app.getLoginItemSettings().status === 'requires-approval',
  })
  const serverActions = createServerActions({ servers, writeClipboard: (text) => clipboard.writeText(text), openExternal })
  const settings = createSettingsController({
    store,
    applyOpenAtLogin: loginItem,
    onChange: (now, before) => {
      drawTray()
      // The servers are probed again under the new rule, so none stays shown as it no longer is.
      if (now.allowUnencryptedServers !== before.allowUnencryptedServers) void servers.refresh()
    },
  })
  async function setOpenAtLoginFromTray(enabled: boolean): Promise<void> {
    const result = await settings.update({ openAtLogin: enabled })
    // The checkbox shows what was clicked; after a failure that is not what holds.
    tray.redraw()
    if (result.ok) return
    log.warn('"Start at login" not changed', { message: result.error.message })
    dialog.showErrorBox('Plexkey could not change "Start at login"', result.error.message)
  }

  const handlers = createIpcHandlers({
    service,
    settings,
    openExternal,
    writeClipboard: (text) => clipboard.writeText(text),
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, clientId: identity.value.clientId }),
    startBrowserSignIn,
    servers,
    devices,
    tools,
    profiles,
    accounts,
  })
  const stopIpc = registerIpcHandlers({
    handlers,
    trusted: () =>
      window.window.isDestroyed() ? null : { webContents: window.window.webContents, origin: appOrigin },
    log: createLogger('ipc'),
  })

  const notifier = createAuthNotifier({
    show: showNotice,
    reauthenticate,
  })
  // A toast clicked in the Action Center, even after Plexkey restarted, arrives here (Windows only).
  if (platform === 'win32') {
    Notification.handleActivation(() => {
      if (needsReauthentication(service.getSnapshot().state)) reauthenticate()
      else window.reveal()
    })
  }
  // Only to our own page: were the window ever to show anything else, it would hear nothing.
  const ourPage = (): EventReceiver | null => {
    const contents = window.window.isDestroyed() ? null : window.window.webContents
    return contents && isAppUrl(contents.getURL(), appOrigin) ? contents : null
  }
  const publish = (snapshot: Snapshot): void => {
    sendEvent(ourPage(), 'auth:state-changed', snapshot)
    drawTray(snapshot.state)
    notifier.onState(snapshot.state)
    serverRefresh.onState(snapshot.state)
  }
  // What makes a fresh look at plex.tv worth it: waking from sleep, the window shown, the network back.
  const wakeSignals = {
    onResume: (listener: () => void) => {
      powerMonitor.on('resume', listener)
      return () => {
        powerMonitor.removeListener('resume', listener)
      }
    },
    onWindowShown: (listener: () => void) => {
      window.window.on('show', listener)
      return () => {
        if (!window.window.isDestroyed()) window.window.removeListener('show', listener)
      }
    },
    isOnline: () => net.isOnline(),
  }
  const serverRefresh = createServerRefresh({
    directory: servers,
    clock: systemClock,
    ...wakeSignals,
  })
  const stopServers = servers.subscribe((view) => {
    drawTray()
    // A forgotten list (sign-out) is not sent: the window leaves the signed-in view with the state.
    if (view !== null) sendEvent(ourPage(), 'servers:changed', view)
  })
  const stopIdentities = identities.subscribe((view: IdentitiesView) => {
    drawTray()
    sendEvent(ourPage(), 'identities:changed', view)
  })
  const stopPublishing = service.subscribe(publish)
  publish(service.getSnapshot())
  // After `publish`: the accounts are read again once the state says who is active.
  const stopFollowing = refreshOnSignIn(identities, service)

  const health = createHealthScheduler({
    clock: systemClock,
    getState: () => service.getSnapshot().state,
    check: () => service.checkNow(),
    ...wakeSignals,
    ...(options.healthIntervals ? { intervals: options.healthIntervals } : {}),
  })
  health.start()

  app.on('will-quit', () => {
    health.stop()
    serverRefresh.stop()
    stopServers()
    stopIdentities()
    stopFollowing()
    identities.dispose()
    stopPublishing()
    stopIpc()
    service.dispose()
    tray.dispose()
  })

  void service.restore()
  return { mainWindow: window, service, identities }
}
