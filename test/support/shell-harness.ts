import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AuthScheme, Result, SignInState } from '../../preload/api'
import { createSettingsStore, type SettingsStore } from '../../main/core/config/settings-store'
import { createLogger } from '../../main/core/log'
import { okVoid } from '../../main/core/result'
import { createSignInService, type SignInPolicyOverrides } from '../../main/core/signin/create-signin-service'
import type { SignInService } from '../../main/core/signin/signin-service'
import { originOf } from '../../main/core/url/external-url-policy'
import { createIpcHandlers } from '../../main/app/ipc-handlers'
import { registerIpcHandlers } from '../../main/app/ipc-main'
import { createSafeOpenExternal } from '../../main/app/safe-open-external'
import { createSettingsController } from '../../main/app/settings-controller'
import { APP_ENTRY_URL, APP_ORIGIN } from '../../main/app/url-policy'
import { BrowserWindow, clipboard, ipcMain, standIn } from './electron-stand-in'
import { createMemoryVault, type MemoryVault } from './memory-vault'
import { quickPinPolicy } from './quick-pin-policy'
import { type SigninFixture, startSigninFixture, until } from './signin-fixture'
import { deviceActionsOn } from './device-actions-on'
import { profileActionsOn, type ProfileSignals } from './profile-actions-on'
import { serverDirectoryOn } from './server-directory-on'
import { toolActionsOn } from './tool-actions-on'
import { accountActionsOn } from './account-actions-on'
import { refreshOnSignIn } from '../../main/core/identities/follow-sign-in'
import type { IdentityService } from '../../main/core/identities/identity-service'

/** Quick PIN polling and health retries, so a whole sign-in takes a fraction of a second. */
export const fastPolicy: SignInPolicyOverrides = {
  pin: quickPinPolicy,
  healthCheckIntervalMs: 0,
  healthRetry: { baseMs: 5_000, capMs: 10_000, minMs: 5_000, maxRetryAfterMs: 10_000 },
}

/** What Electron would pass to a handler for a message from a given frame. */
export interface FakeInvokeEvent {
  readonly sender: unknown
  readonly senderFrame: unknown
}

/**
 * The IPC layer as the app wires it (real sign-in service over the fake plex.tv, memory vault,
 * settings in a temporary folder), registered on the Electron stand-in's ipcMain, with our window
 * loaded from app://plexkey.
 */
export interface IpcHarness {
  readonly fx: SigninFixture
  readonly service: SignInService
  /** The accounts and Home profiles the window is told of. */
  readonly identities: IdentityService
  readonly vault: MemoryVault
  readonly window: BrowserWindow
  readonly configDir: string
  readonly store: SettingsStore
  /** Every "start at login" value applied to the OS, in order. */
  readonly loginItems: boolean[]
  /** Redacted log lines of the IPC layer. */
  readonly logLines: string[]
  /** What the profile actions told the app (identities and servers to refresh, a PIN pad wanted). */
  readonly profileSignals: ProfileSignals
  /** Invokes a channel as our own window's main frame would. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  /** Invokes a channel with a made-up event (another window, a subframe, …). */
  invokeAs(event: FakeInvokeEvent, channel: string, ...args: unknown[]): Promise<unknown>
  state(): SignInState
  /**
   * Signs this desktop in through the window's own channels (a link code), approved at the fake
   * by `approve` (a standard token unless given): the account's uuid and token.
   */
  signIn(approve?: (pinId: number) => Promise<string>): Promise<{ readonly uuid: string; readonly token: string }>
  reach(predicate: (state: SignInState) => boolean, what: string): Promise<SignInState>
  close(): Promise<void>
}

export interface IpcHarnessOptions {
  readonly loginItemFails?: boolean
  /** How the service signs in (the setting's value): a standard token unless given. */
  readonly authScheme?: AuthScheme
}

export async function startIpcHarness(options: IpcHarnessOptions = {}): Promise<IpcHarness> {
  standIn.reset()
  const fx = await startSigninFixture()
  const vault = createMemoryVault()
  const { authScheme } = options
  const service = createSignInService({
    plex: fx.plex,
    vault,
    clock: fx.clock,
    policy: fastPolicy,
    logger: fx.logger,
    // A device key is made for this install's client id.
    ...(authScheme === undefined ? {} : { authScheme: () => authScheme, identity: fx.identity }),
  })
  const configDir = await mkdtemp(join(tmpdir(), 'plexkey-shell-'))
  const store = createSettingsStore({ configDir })
  await store.load()
  const loginItems: boolean[] = []
  const logLines: string[] = []
  const log = createLogger('ipc', { level: 'debug', sink: (line) => logLines.push(line) })
  const settings = createSettingsController({
    store,
    applyOpenAtLogin: async (enabled): Promise<Result<void>> => {
      if (options.loginItemFails) {
        return { ok: false, error: { code: 'unknown', message: 'login item refused', retryable: true } }
      }
      loginItems.push(enabled)
      return okVoid
    },
    onChange: () => undefined,
  })
  const profileSignals: ProfileSignals = { identitiesRefreshed: 0, serversRefreshed: 0, pinWanted: [] }
  const profiles = profileActionsOn(fx.plex, vault, configDir, () => fx.clock.now(), profileSignals)
  const authOrigin = originOf(fx.fake.authUrl)
  const window = new BrowserWindow({})
  await window.loadURL(APP_ENTRY_URL)
  const openExternal = createSafeOpenExternal({ extraOrigins: authOrigin ? [authOrigin] : [], log })
  const { accounts, identities } = accountActionsOn(service, fx.plex, vault, fx.clock, log, openExternal)
  // As start-app wires it: the accounts are read again whenever the state names another account.
  const stopFollowing = refreshOnSignIn(identities, service)
  const stop = registerIpcHandlers({
    handlers: createIpcHandlers({
      service,
      settings,
      openExternal,
      writeClipboard: (text) => clipboard.writeText(text),
      appInfo: () => ({ version: '0.1.0', platform: 'linux', clientId: fx.identity.clientId }),
      servers: serverDirectoryOn(fx.plex, profiles),
      profiles,
      devices: deviceActionsOn(fx.plex, vault, fx.identity.clientId, log, () => fx.clock.now()),
      tools: toolActionsOn(fx, vault, log, () => fx.clock.now()),
      accounts,
    }),
    trusted: () => (window.isDestroyed() ? null : { webContents: window.webContents, origin: APP_ORIGIN }),
    log,
  })

  const invokeAs = (event: FakeInvokeEvent, channel: string, ...args: unknown[]): Promise<unknown> =>
    ipcMain.invoke(channel, event, ...args)
  const state = () => service.getSnapshot().state
  const reach = async (predicate: (state: SignInState) => boolean, what: string): Promise<SignInState> => {
    await until(() => predicate(state()), what)
    return state()
  }
  const ours = (): FakeInvokeEvent => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame })
  return {
    fx,
    service,
    identities,
    vault,
    window,
    configDir,
    store,
    loginItems,
    logLines,
    profileSignals,
    invoke: (channel, ...args) => invokeAs(ours(), channel, ...args),
    invokeAs,
    state,
    reach,
    async signIn(approve = async (pinId) => fx.fake.approve(pinId)) {
      await invokeAs(ours(), 'auth:start', { mode: 'link' })
      const waiting = await reach((s) => s.kind === 'waiting' && s.pins.length > 0, 'a link PIN')
      if (waiting.kind !== 'waiting' || !waiting.pins[0]) throw new Error('no PIN')
      const token = await approve(waiting.pins[0].pinId)
      const signedIn = await reach((s) => s.kind === 'signed-in', 'signed in')
      if (signedIn.kind !== 'signed-in') throw new Error('not signed in')
      // The accounts and the Home are read at sign-in: done before a test counts plex.tv's requests.
      await identities.settled()
      return { uuid: signedIn.account.uuid, token }
    },
    async close() {
      stop()
      stopFollowing()
      identities.dispose()
      service.dispose()
      await fx.close()
      await rm(configDir, { recursive: true, force: true })
    },
  }
}
