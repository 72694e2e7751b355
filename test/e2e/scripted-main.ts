import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, onTestFailed } from 'vitest'
import type {
  AccountListing,
  AccountView,
  AppError,
  IdentitiesView,
  InvokeChannel,
  ProfilesView,
  Result,
  Settings,
  SignInState,
  Snapshot,
} from '../../preload/api'
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../../main/app/csp'
import type { InvokeHandlers } from '../../main/app/ipc-handlers'
import { createLogger } from '../../main/core/log'
import { resolvePlexEndpoints } from '../../main/core/plex/endpoints'
import { createPlexClient } from '../../main/core/plex/plex-client'
import type { PlexClient, PlexError } from '../../main/core/plex/plex-types'
import { linkQrPayload } from '../../main/core/signin/pin-session'
import { fakePlexControl } from '../fake-plex/control-client'
import type { FakeHomeMemberSpec } from '../fake-plex/home-state'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { testIdentity } from '../support/test-identity'
import { type CaptureReport, captureWindow, launchChromium, longAccount, openWindow, overHttp, rendererDir } from './app-harness'
import { type BridgeServer, startBridgeServer } from './bridge-server'

/**
 * The window in real Chromium, with main's side of the accounts and profiles played by this
 * script: the built renderer, main's CSP, main's own validation of every request (ipc-schemas),
 * the page bridge and the bridge server as for the app; the account's Plex Home and every profile
 * switch (its PIN judged) come from the fake plex.tv through the real plex.tv client, with the
 * owner's token approved there. What the script decides itself is only main's bookkeeping: which
 * account and profile are active, the wait after three wrong PINs in a row, and the sign-in state
 * while another account is added (a real code from the fake plex.tv, not polled).
 */
export interface ScriptedWindow {
  readonly page: Page
  readonly fake: FakePlex
  readonly bridge: BridgeServer
  /** Every request the page made of main, after main's validation, in order. */
  readonly received: readonly { readonly channel: InvokeChannel; readonly request: unknown }[]
  /** Every console message and page error of the window. */
  readonly console: readonly string[]
  capture(name: string): Promise<CaptureReport>
  /** Plays the tray: a protected profile chosen there, by its title at the fake plex.tv. */
  wantPin(title: string): Promise<void>
  /** Every text the page saw or said, and main's log: where no PIN or token may be. */
  traces(): Promise<Readonly<Record<string, string>>>
  /** The account's token at the fake plex.tv, and the profile tokens it minted. */
  readonly tokens: () => readonly string[]
}

export interface ScriptedOptions {
  /** The accounts besides the signed-in one, as main would list them. */
  readonly others?: readonly AccountListing[]
  /** The owner's Plex Home at the fake plex.tv (default: DEFAULT_HOME). */
  readonly home?: readonly FakeHomeMemberSpec[]
  /** How long the pad waits after three wrong PINs in a row. */
  readonly pinWaitMs?: number
}

const MISSES_BEFORE_WAIT = 3

/** One Chromium per file, and a fresh window with its script per test. */
export function scriptedWindows(): { start(options?: ScriptedOptions): Promise<ScriptedWindow> } {
  let browser: Browser | undefined
  let close: (() => Promise<void>) | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(async () => {
    await close?.()
    close = undefined
  })
  return {
    start: async (options = {}) => {
      if (!browser) throw new Error('Chromium did not start.')
      const started = await startScripted(browser, options)
      close = started.close
      onTestFailed(async () => console.error(JSON.stringify(started.window.received, null, 1), started.window.console.join('\n')))
      return started.window
    },
  }
}

async function startScripted(browser: Browser, options: ScriptedOptions): Promise<{ window: ScriptedWindow; close(): Promise<void> }> {
  const fake = await startFakePlex({ user: longAccount, ...(options.home ? { home: options.home } : {}) })
  const identity = testIdentity({ clientId: randomUUID(), platformVersion: '6.1.0', deviceName: 'e2e-host' })
  const endpoints = resolvePlexEndpoints({ PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl })
  if (!endpoints.ok) throw new Error(endpoints.error.message)
  const mainLog: string[] = []
  const log = createLogger('main', { level: 'info', sink: (line) => mainLog.push(line) })
  const plex = createPlexClient({ identity, fetch: (url, init) => fetch(url, init), endpoints: endpoints.value, logger: log })
  const token = await ownerToken(plex, fake)
  const user = await plex.getUser(token)
  if (!user.ok) throw new Error(user.error.message)
  const { id, uuid, username, title, email, hasPlexPass } = user.value
  const account: AccountView = { id, uuid, username, title, email, hasPlexPass, avatar: null }
  const signedIn: SignInState = {
    kind: 'signed-in',
    account,
    checkedAt: Date.now(),
    health: 'ok',
    nextCheckAt: null,
    storage: { name: 'GNOME Keyring (Secret Service)', service: 'plexkey', account: account.username },
  }
  const own: AccountListing = { uuid: account.uuid, username: account.username, title: account.title, avatar: null, active: true, needsAttention: false }

  let snapshot: Snapshot = { seq: 1, state: signedIn }
  const stateListeners = new Set<(next: Snapshot) => void>()
  const show = (state: SignInState): void => {
    snapshot = { seq: snapshot.seq + 1, state }
    for (const listener of stateListeners) listener(snapshot)
  }
  let accounts: AccountListing[] = [own, ...(options.others ?? [])]
  let activeProfile: string | null = null
  let misses = 0
  let waitUntil = 0
  const minted: string[] = []
  const identityListeners = new Set<(view: IdentitiesView) => void>()
  const pinListeners = new Set<(uuid: string) => void>()
  const view = async (): Promise<IdentitiesView> => ({ accounts, profiles: await profiles() })
  const changed = async (): Promise<void> => {
    const next = await view()
    for (const listener of identityListeners) listener(next)
  }
  const profiles = async (): Promise<ProfilesView> => {
    const home = await plex.listHomeUsers(token)
    if (!home.ok) return { kind: 'error', error: appError(home.error) }
    if (home.value.kind === 'no-home') return { kind: 'no-home' }
    return {
      kind: 'listed',
      profiles: home.value.users.map((member) => ({
        uuid: member.uuid,
        title: member.title,
        avatar: null,
        admin: member.admin,
        protected: member.protected,
        restricted: member.restricted,
        active: activeProfile === null ? member.admin : member.uuid === activeProfile,
      })),
    }
  }

  let settings: Settings = { openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false }
  const done = { ok: true, value: undefined } as const
  const notInScript = (): Result<never> => ({ ok: false, error: { code: 'invalid-state', message: 'Not part of this script.', retryable: false } })
  const handlers: InvokeHandlers = {
    'auth:get-state': () => ({ ok: true, value: snapshot }),
    'auth:start': () => done,
    'auth:cancel': () => {
      show(signedIn)
      return done
    },
    'auth:open-browser': () => done,
    'auth:copy': () => done,
    'auth:check-now': () => done,
    'auth:sign-out': () => done,
    'app:get-info': () => ({ ok: true, value: { version: identity.version, platform: 'linux', clientId: identity.clientId } }),
    'app:open-help': () => done,
    'app:copy-client-id': () => done,
    'settings:get': () => ({ ok: true, value: settings }),
    'settings:set': (patch) => {
      settings = { ...settings, ...patch }
      return { ok: true, value: settings }
    },
    'servers:refresh': () => ({ ok: true, value: { servers: [], checkedAt: Date.now() } }),
    'servers:copy-address': notInScript,
    'servers:open-web': notInScript,
    'identities:get': async () => ({ ok: true, value: await view() }),
    // A real code from the fake plex.tv, shown as main shows one; the active account stays.
    'accounts:add': async () => {
      const pin = await plex.createPin({ strong: false })
      if (!pin.ok) return { ok: false, error: appError(pin.error) }
      const { id, code, expiresAt } = pin.value
      show({
        kind: 'waiting',
        pins: [{ mode: 'link', pinId: id, code, url: plex.linkUrl, qrPayload: linkQrPayload(plex.linkUrl, code), expiresAt, renewals: 0 }],
        starting: [],
        failed: [],
        retry: null,
      })
      return done
    },
    'accounts:switch': async ({ uuid }) => {
      accounts = accounts.map((each) => ({ ...each, active: each.uuid === uuid }))
      await changed()
      return done
    },
    'accounts:sign-out': async ({ uuid }) => {
      accounts = accounts.filter((each) => each.uuid !== uuid)
      await changed()
      return done
    },
    'profiles:switch': async ({ uuid, pin }) => {
      const now = Date.now()
      if (waitUntil > now) return { ok: false, error: { code: 'home-pin-required', message: 'Wait before the next PIN.', retryable: true, retryAt: waitUntil } }
      const switched = await plex.switchHomeUser(token, uuid, pin === undefined ? {} : { pin })
      if (switched.ok) {
        minted.push(switched.value)
        misses = 0
        activeProfile = uuid
        await changed()
        return done
      }
      const error = appError(switched.error)
      if (error.code !== 'home-pin-required' || pin === undefined) return { ok: false, error }
      misses += 1
      if (misses < MISSES_BEFORE_WAIT) return { ok: false, error }
      waitUntil = now + (options.pinWaitMs ?? 60_000)
      return { ok: false, error: { ...error, retryAt: waitUntil } }
    },
    'tools:list': notInScript,
    'tools:revoke': notInScript,
    'devices:list': notInScript,
    'devices:remove': notInScript,
  }

  const received: { channel: InvokeChannel; request: unknown }[] = []
  const recorded = Object.fromEntries(
    Object.entries(handlers).map(([channel, handler]) => [
      channel,
      (request: unknown) => {
        received.push({ channel: channel as InvokeChannel, request })
        return (handler as (request: unknown) => unknown)(request)
      },
    ]),
  ) as unknown as InvokeHandlers

  const bridge = await startBridgeServer({
    rendererDir,
    handlers: recorded,
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    subscribeServers: () => () => undefined,
    subscribeEvents: (send) => {
      const listener = (view: IdentitiesView): void => send('identities:changed', view)
      const wanted = (uuid: string): void => send('profiles:pin-wanted', { uuid })
      identityListeners.add(listener)
      pinListeners.add(wanted)
      return () => {
        identityListeners.delete(listener)
        pinListeners.delete(wanted)
      }
    },
    contentSecurityPolicy: overHttp(contentSecurityPolicy('production')),
    metaPolicy: { built: metaContentSecurityPolicy(), served: overHttp(metaContentSecurityPolicy()) },
  })
  const { context, page, console: consoleLines } = await openWindow(browser, bridge.url)

  const window: ScriptedWindow = {
    page,
    fake,
    bridge,
    received,
    console: consoleLines,
    capture: (name) => captureWindow(page, name),
    wantPin: async (title) => {
      const listed = await profiles()
      const uuid = listed.kind === 'listed' ? listed.profiles.find((profile) => profile.title === title)?.uuid : undefined
      if (uuid === undefined) throw new Error(`No profile named ${title} in the Home.`)
      for (const listener of pinListeners) listener(uuid)
    },
    traces: async () => ({
      dom: await page.content(),
      'page text': await page.locator('body').innerText(),
      console: consoleLines.join('\n'),
      'bridge messages': bridge.sent.join('\n'),
      "main's log": mainLog.join('\n'),
    }),
    tokens: () => [token, ...minted],
  }
  return {
    window,
    close: async () => {
      await context.close()
      await bridge.close()
      await fake.close()
    },
  }
}

/** The owner's token, as a sign-in would get it: a code made at the fake plex.tv and approved there. */
async function ownerToken(plex: PlexClient, fake: FakePlex): Promise<string> {
  const pin = await plex.createPin({ strong: false })
  if (!pin.ok) throw new Error(pin.error.message)
  return fakePlexControl(fake.url).approve(pin.value.code)
}

/** A plex.tv failure as main hands it over IPC: the AppError fields, nothing else. */
function appError(error: PlexError): AppError {
  const { code, message, retryable, status, plexCode } = error
  return { code, message, retryable, ...(status === undefined ? {} : { status }), ...(plexCode === undefined ? {} : { plexCode }) }
}
