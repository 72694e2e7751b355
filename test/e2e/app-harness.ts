import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { app as electronApp, clipboard } from 'electron'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, onTestFailed } from 'vitest'
import type { Settings } from '../../preload/api'
import type { ClientIdentity } from '../../main/core/account/client-identity'
import type { StoredCredential } from '../../main/core/account/credential-vault'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../../main/app/csp'
import { createIpcHandlers } from '../../main/app/ipc-handlers'
import { applyOpenAtLogin, autostartPath } from '../../main/app/login-item'
import { createSafeOpenExternal } from '../../main/app/safe-open-external'
import { createSettingsController } from '../../main/app/settings-controller'
import { createSettingsStore } from '../../main/core/config/settings-store'
import { createLogger } from '../../main/core/log'
import { resolvePlexEndpoints } from '../../main/core/plex/endpoints'
import { createPlexClient } from '../../main/core/plex/plex-client'
import { createSignInService, type SignInPolicyOverrides } from '../../main/core/signin/create-signin-service'
import type { SignInService } from '../../main/core/signin/signin-service'
import { fakePlexControl, type FakePlexControl } from '../fake-plex/control-client'
import { type FakePlex, type FakePlexOptions, startFakePlex } from '../fake-plex/server'
import { launchHeadlessChromium } from '../support/headless-chromium'
import { createMemoryVault, type MemoryVault } from '../support/memory-vault'
import { deviceActionsOn } from '../support/device-actions-on'
import { type PlexSide, toolActionsOn } from '../support/tool-actions-on'
import { profileActionsOn } from '../support/profile-actions-on'
import { accountActionsOn } from '../support/account-actions-on'
import { refreshOnSignIn } from '../../main/core/identities/follow-sign-in'
import { serverDirectoryOn } from '../support/server-directory-on'
import { type CountingClock, createCountingClock } from '../support/test-clock'
import { testIdentity } from '../support/test-identity'
import { type BridgeServer, startBridgeServer } from './bridge-server'
import { findLayoutProblems } from './layout-check'
import { pageBridgeScript } from './page-bridge'

const root = resolve(__dirname, '../..')
export const rendererDir = join(root, 'out/renderer')
const screenshotDir = join(root, 'test-results/screenshots')
const axeDir = join(root, 'test-results/axe')

export type Scheme = 'light' | 'dark'

/** The window as main opens it, and the smallest it can be made (main/app/window-options.ts). */
const windowSizes = {
  window: { width: 460, height: 680 },
  minimum: { width: 380, height: 520 },
} as const
export type WindowSize = keyof typeof windowSizes

/**
 * The account plex.tv signs in unless a test names its own: a 60-character username and email
 * with no place to break, non-ASCII, and markup in the name, so every signed-in screenshot and
 * layout check sees the worst a real account can send.
 */
export const longAccount = {
  title: 'Zoë <b>Ångström</b>-Þórðardóttir of the Very Long Display Name',
  username: 'zoe_angstrom_thordardottir_with_a_username_sixty_chars_long',
  email: 'zoe.angstrom.thordardottir.sixty.characters.long@example.org',
  plexPass: true,
} as const

/**
 * main's production policy, as this transport needs it: the page reaches the bridge on its own
 * origin (fetch for invokes, EventSource for events) where Electron's IPC needs no network at all.
 * The header and the built page's meta tag are changed alike, and in nothing else.
 */
export const overHttp = (policy: string): string => policy.replace("connect-src 'none'", "connect-src 'self'")

/** The browser the window runs in; the renderer must be built first. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` before the end-to-end tests.')
  }
  return launchHeadlessChromium()
}

/**
 * One Chromium for a test file and a fresh app for each test: registers the hooks that launch and
 * close them, so a test says only how its app starts.
 */
export function chromiumApps(): { start(options?: AppOptions): Promise<AppHarness> } {
  let browser: Browser | undefined
  let app: AppHarness | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  return {
    start: async (options) => {
      if (!browser) throw new Error('Chromium did not start.')
      const started = await startApp(browser, options)
      app = started
      // A failure, a timeout above all, comes with what main did and what each page showed.
      onTestFailed(async () => console.error(await started.report()))
      return started
    },
  }
}

/** Fast retries, so failure paths finish within a test; what they mean is unchanged. */
const quickPolicy: SignInPolicyOverrides = {
  pin: { maxFailures: 3, backoff: { baseMs: 200, capMs: 600, minMs: 200, maxRetryAfterMs: 3_000 } },
  healthCheckIntervalMs: 0,
  healthRetry: { baseMs: 60_000, capMs: 60_000, minMs: 60_000 },
}

export interface AppOptions {
  readonly fake?: FakePlexOptions
  readonly policy?: SignInPolicyOverrides
  /** A token already in the keychain (the app then starts by restoring it). */
  readonly stored?: StoredCredential
  /** Runs before the window opens: faults, lifetimes. */
  readonly before?: (app: { fake: FakePlex; vault: MemoryVault }) => void
  /** The settings main starts with (default: not at login, legacy tokens). */
  readonly settings?: Partial<Settings>
}

/** The real core behind the bridge, one window on it, and what a test needs to watch both. */
export interface AppHarness {
  readonly fake: FakePlex
  /** The fake's HTTP control API, as another process would drive it. */
  readonly control: FakePlexControl
  readonly vault: MemoryVault
  /** Main's plex.tv client, the same as a tool's device, and this install: what main mints a tool's device with. */
  readonly core: PlexSide
  /** Main's clock, which the fake plex.tv shares: a test can move both on at once. */
  readonly clock: CountingClock
  readonly service: SignInService
  readonly bridge: BridgeServer
  /** The Plexkey window. */
  readonly page: Page
  /** Every console message and page error of the window. */
  readonly console: readonly string[]
  /** URLs main handed to the system browser. */
  readonly opened: readonly string[]
  /** Opens a page in the "system browser" (its own context, as a separate program would be). */
  systemBrowser(url: string): Promise<Page>
  /** The settings as main's settings controller holds them now. */
  settings(): Settings
  /** Main's config directory (settings.json) and the XDG autostart entry the login item writes. */
  readonly paths: { readonly configDir: string; readonly autostart: string }
  /**
   * Screenshots light and dark under test-results/screenshots, at the window's size and at the
   * smallest it can be made (`<name>-<width>x<height>-<scheme>.png`), with an axe scan and a check
   * of the layout for each.
   */
  capture(name: string): Promise<CaptureReport>
  /** Every token plex.tv issued in this test, and where it must never be. */
  leaks(): Promise<readonly string[]>
  /** What main did and what every page shows now: printed when a test fails. */
  report(): Promise<string>
  close(): Promise<void>
}

export interface AxeFinding {
  readonly id: string
  readonly impact: string | null
  readonly scheme: Scheme
  readonly size: WindowSize
  readonly targets: readonly string[]
}

export interface CaptureReport {
  readonly axe: readonly AxeFinding[]
  /** What axe could not decide (colour behind a pseudo-element, say): each needs a person's look (axe-baseline.ts). */
  readonly incomplete: readonly AxeFinding[]
  /** What is cut off, overlaps, hides or sits below the fold, per window size and theme (layout-check.ts). */
  readonly layout: readonly string[]
}

async function startApp(browser: Browser, options: AppOptions = {}): Promise<AppHarness> {
  const clock = createCountingClock()
  const fake = await startFakePlex({ now: clock.now, user: longAccount, ...options.fake })
  const vault = createMemoryVault(options.stored ? { active: options.stored } : undefined)
  options.before?.({ fake, vault })

  const identity = testIdentity({ clientId: randomUUID(), platformVersion: '6.1.0', deviceName: 'e2e-host' })
  const endpoints = resolvePlexEndpoints({ PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl })
  if (!endpoints.ok) throw new Error(endpoints.error.message)
  // main's log, as a person would send it with a bug report: read by report() and by leaks().
  const mainLog: string[] = []
  const log = createLogger('main', { level: 'info', sink: (line) => mainLog.push(line) })
  // main's own request timeout: a request the test holds open (FaultRule.holdUntil) is an answer
  // slow in coming, not one that never comes.
  const clientFor = (as: ClientIdentity): PlexClient =>
    createPlexClient({ identity: as, fetch: (url, init) => fetch(url, init), endpoints: endpoints.value, logger: log })
  const plex = clientFor(identity)
  const core: PlexSide = { plex, clientFor, identity }
  // Main's own settings: the store in a config directory of its own, the controller over it, and
  // the Linux login item (an XDG autostart entry) under a home of its own. The sign-in service
  // reads the scheme when a sign-in starts, so a change made in the window applies to the next one.
  const home = await mkdtemp(join(tmpdir(), 'plexkey-e2e-'))
  const paths = { configDir: join(home, 'config'), autostart: autostartPath({}, home) }
  const store = createSettingsStore({ configDir: paths.configDir, logger: log })
  await store.load()
  if (options.settings) await store.update(options.settings)
  const settings = createSettingsController({
    store,
    applyOpenAtLogin: (enabled) =>
      applyOpenAtLogin(enabled, {
        platform: 'linux',
        env: {},
        homedir: home,
        command: ['/opt/Plexkey/plexkey'],
        setLoginItemSettings: (loginItem) => electronApp.setLoginItemSettings(loginItem),
      }),
    onChange: () => undefined,
  })
  const service = createSignInService({
    plex,
    vault,
    identity,
    clock,
    logger: log,
    authScheme: () => settings.get().authScheme,
    policy: { ...quickPolicy, ...options.policy, pin: { ...quickPolicy.pin, ...options.policy?.pin } },
  })

  const contexts: BrowserContext[] = []
  const systemPages: Page[] = []
  const opened: string[] = []
  const systemBrowser = async (url: string): Promise<Page> => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    // Like the window's: a page that never shows what a test waits for fails with its own name.
    page.setDefaultTimeout(10_000)
    systemPages.push(page)
    await page.goto(url)
    return page
  }
  // main's own safe opener (URL policy included); the stand-in shell records what it opened, and
  // a test plays the person at the system browser with systemBrowser(url).
  const safeOpen = createSafeOpenExternal({ extraOrigins: [new URL(fake.authUrl).origin], log })
  const openExternal = async (url: string) => {
    const result = await safeOpen(url)
    if (result.ok) opened.push(url)
    return result
  }

  const profiles = profileActionsOn(plex, vault, paths.configDir, () => clock.now())
  const servers = serverDirectoryOn(plex, profiles)
  const { accounts, identities } = accountActionsOn(service, plex, vault, clock, log, openExternal)
  // As start-app wires it: the accounts are read again whenever the state names another account.
  const stopFollowing = refreshOnSignIn(identities, service)
  const handlers = createIpcHandlers({
    service,
    settings,
    openExternal,
    writeClipboard: (text) => clipboard.writeText(text),
    appInfo: () => ({ version: identity.version, platform: 'linux', clientId: identity.clientId }),
    servers,
    devices: deviceActionsOn(plex, vault, identity.clientId, log, () => clock.now()),
    tools: toolActionsOn(core, vault, log, () => clock.now()),
    profiles,
    accounts,
  })
  const bridge = await startBridgeServer({
    rendererDir,
    handlers,
    getSnapshot: () => service.getSnapshot(),
    subscribe: (listener) => service.subscribe(listener),
    subscribeServers: (listener) =>
      servers.subscribe((view) => {
        if (view !== null) listener(view)
      }),
    subscribeEvents: (send) => identities.subscribe((view) => send('identities:changed', view)),
    contentSecurityPolicy: overHttp(contentSecurityPolicy('production')),
    metaPolicy: { built: metaContentSecurityPolicy(), served: overHttp(metaContentSecurityPolicy()) },
  })

  void service.restore()
  const { context: appContext, page, console: consoleLines } = await openWindow(browser, bridge.url)
  contexts.push(appContext)

  const capture = (name: string): Promise<CaptureReport> => captureWindow(page, name)

  const leaks = async (): Promise<readonly string[]> => {
    const tokens = new Set<string>(fake.issuedTokens())
    for (const entry of vault.entries.values()) tokens.add(entry.token)
    if (options.stored) tokens.add(options.stored.token)
    // Each Media Server's own token stays in main as much as the account's.
    for (const server of fake.mediaServers) tokens.add(server.accessToken)
    const dom = await page.content()
    const places: Record<string, string> = {
      dom,
      console: consoleLines.join('\n'),
      "main's log": mainLog.join('\n'),
      'bridge messages': bridge.sent.join('\n'),
      'opened URLs': opened.join('\n'),
    }
    const found: string[] = []
    for (const token of tokens) {
      for (const [where, text] of Object.entries(places)) if (text.includes(token)) found.push(`token found in ${where}`)
    }
    return found
  }

  const report = async (): Promise<string> => {
    const pages = await Promise.all(
      systemPages.map(async (p) => `${p.url()}\n${await p.locator('body').innerText({ timeout: 1_000 }).catch(() => '(no page)')}`),
    )
    return [
      `state: ${JSON.stringify(service.getSnapshot().state)}`,
      `opened: ${opened.join(' ')}`,
      "main's log:",
      ...mainLog,
      'window console:',
      ...consoleLines,
      'system browser pages:',
      ...pages,
    ].join('\n')
  }

  return {
    fake,
    control: fakePlexControl(fake.url),
    vault,
    core,
    clock,
    service,
    bridge,
    page,
    console: consoleLines,
    opened,
    systemBrowser,
    settings: () => settings.get(),
    paths,
    capture,
    leaks,
    report,
    close: async () => {
      for (const context of contexts) await context.close()
      stopFollowing()
      identities.dispose()
      service.dispose()
      await bridge.close()
      await fake.close()
      await rm(home, { recursive: true, force: true })
    },
  }
}

/**
 * The Plexkey window: a page of its own at the size main opens it, with the preload's contract
 * defined before any page script, on the bridge at `url`; every console message and page error
 * it shows is kept.
 */
export async function openWindow(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  const context = await browser.newContext({ viewport: windowSizes.window, reducedMotion: 'reduce' })
  const page = await context.newPage()
  // Well inside the test timeout, so a missing element fails with its own name.
  page.setDefaultTimeout(10_000)
  const lines: string[] = []
  page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`))
  page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`))
  await page.addInitScript({ content: pageBridgeScript })
  await page.goto(url)
  return { context, page, console: lines }
}

/**
 * Screenshots of the window light and dark under test-results/screenshots, at the window's size and
 * at the smallest it can be made (`<name>-<width>x<height>-<scheme>.png`), with an axe scan and a
 * check of the layout for each; the page is left at the window's size, light.
 */
export async function captureWindow(page: Page, name: string): Promise<CaptureReport> {
  await mkdir(screenshotDir, { recursive: true })
  await mkdir(axeDir, { recursive: true })
  const axe: AxeFinding[] = []
  const incomplete: AxeFinding[] = []
  const layout: string[] = []
  for (const size of ['window', 'minimum'] as const) {
    const { width, height } = windowSizes[size]
    await page.setViewportSize({ width, height })
    for (const scheme of ['light', 'dark'] as const) {
      const file = `${name}-${width}x${height}-${scheme}`
      await page.emulateMedia({ colorScheme: scheme })
      await page.screenshot({ path: join(screenshotDir, `${file}.png`), fullPage: true, animations: 'disabled' })
      const result = await scanWithAxe(page)
      await writeFile(join(axeDir, `${file}.json`), JSON.stringify(result, null, 2))
      for (const violation of result.violations) axe.push({ ...violation, scheme, size })
      for (const undecided of result.incomplete) incomplete.push({ ...undecided, scheme, size })
      for (const problem of await findLayoutProblems(page)) layout.push(`${width}×${height} ${scheme}: ${problem}`)
    }
  }
  await page.setViewportSize(windowSizes.window)
  await page.emulateMedia({ colorScheme: 'light' })
  return { axe, incomplete, layout }
}

export interface AxeRule {
  readonly id: string
  readonly impact: string | null
  readonly targets: readonly string[]
}

export interface AxeResult {
  readonly passes: number
  readonly violations: readonly AxeRule[]
  readonly incomplete: readonly AxeRule[]
}

let axeSource: string | null = null

/** Runs axe-core inside the page. Evaluated over the DevTools protocol, so the page's CSP stays on. */
export async function scanWithAxe(page: Page): Promise<AxeResult> {
  axeSource ??= await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8')
  // Page-side code goes as text: this file is compiled without the DOM library.
  const loaded = await page.evaluate<boolean>("typeof window.axe === 'object'")
  if (!loaded) await page.evaluate(axeSource)
  return page.evaluate<AxeResult>(`(async () => {
    // Both kept whole: what axe found wrong, and what it could not decide and a person must.
    const result = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] })
    const rule = (r) => ({ id: r.id, impact: r.impact, targets: r.nodes.map((n) => n.target.join(' ')) })
    return { passes: result.passes.length, violations: result.violations.map(rule), incomplete: result.incomplete.map(rule) }
  })()`)
}

/** Serious and critical findings: the ones the suite refuses. */
export function blocking(findings: readonly AxeFinding[]): readonly AxeFinding[] {
  return findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical')
}
