import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fakePlexControl, type FakePlexControl } from '../fake-plex/control-client'
import { type FakePlex, startFakePlex } from '../fake-plex/server'

// The built app (out/) on the real Electron binary, against the fake plex.tv, with the real
// keychain (scripts/test-electron.sh gives it a private one on Linux). Run by `npm run test:electron`
// only: it needs the binary that `npm start` downloads.
//
// Safe on a developer's desktop, where Plexkey may be signed in and running in the tray: the app
// keeps its sign-in under a keychain service of each launch's own (PLEXKEY_KEYCHAIN_SERVICE, which
// only an unpackaged app honours; removed afterwards) and its Chromium profile, with the
// single-instance lock, in a temporary --user-data-dir, so neither the person's sign-in nor their
// running Plexkey is touched.

const require = createRequire(import.meta.url)
/** The binary's path, as the electron package reports it once downloaded. */
const electronPath = require('electron') as string

/** How long a cold Electron under Xvfb may take to show what a step waits for. */
const COLD = { timeout: 30_000 }
/** plex.tv's deadline is 10 s (plex-client.ts): the window must say so soon after, not hang. */
const PAST_DEADLINE = { timeout: 15_000 }

/**
 * Why the app could not be kept off the person's own sign-in, or null. A packaged app ignores
 * PLEXKEY_KEYCHAIN_SERVICE, and Electron counts an app as packaged when ELECTRON_FORCE_IS_PACKAGED
 * is set or its binary is not named electron (shell/browser/api/electron_api_app.cc, IsPackaged).
 */
function refusal(): string | null {
  if (process.env['ELECTRON_FORCE_IS_PACKAGED'] !== undefined) return 'ELECTRON_FORCE_IS_PACKAGED is set'
  const binary = basename(electronPath).toLowerCase()
  if (binary !== 'electron' && binary !== 'electron.exe') return `the binary is ${binary}, not Electron's own`
  return null
}

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  findCredentials(service: string): Promise<{ account: string }[]>
  deletePassword(service: string, account: string): Promise<boolean>
}
const keytar = (): KeytarApi => require('keytar') as KeytarApi

interface Running {
  readonly app: ElectronApplication
  readonly page: Page
  readonly console: string[]
}

let fake: FakePlex
let control: FakePlexControl
let configDir: string
let userDataDir: string
/** A random keychain service per launch: nothing of a run before it, or of the person's own, is ever read. */
let keychainService: string
let running: Running | null = null
/** Releases whatever a test held at the fake, so it can close. */
let releases: (() => void)[] = []

beforeAll(() => {
  const refused = refusal()
  if (refused) throw new Error(`Refusing to run: ${refused}, so the app would count as packaged and use your own Plexkey sign-in.`)
})
beforeEach(async () => {
  fake = await startFakePlex()
  control = fakePlexControl(fake.url)
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-electron-app-'))
  userDataDir = await mkdtemp(join(tmpdir(), 'plexkey-electron-profile-'))
  keychainService = `plexkey-test-${randomUUID()}`
})
afterEach(async () => {
  await running?.app.close()
  running = null
  for (const release of releases.splice(0)) release()
  await fake.close()
  await rm(configDir, { recursive: true, force: true })
  await rm(userDataDir, { recursive: true, force: true })
  // Nothing of the run stays in the keychain (on macOS and Windows, the person's own).
  for (const { account } of await keytar().findCredentials(keychainService)) await keytar().deletePassword(keychainService, account)
})

/** A promise the fake waits on, released by the test or after it. */
function held(): Promise<void> {
  return new Promise<void>((resolve) => releases.push(resolve))
}

async function launch(): Promise<Running> {
  const app = await _electron.launch({
    executablePath: electronPath,
    // electron_main_delegate.cc, PreSandboxStartup: --user-data-dir overrides DIR_USER_DATA, where
    // the profile and the single-instance lock live (electron_api_app.cc, RequestSingleInstanceLock).
    args: [`--user-data-dir=${userDataDir}`, '.'],
    env: {
      ...(process.env as Record<string, string>),
      PLEXKEY_CONFIG_DIR: configDir,
      PLEXKEY_PLEX_URL: fake.url,
      PLEXKEY_AUTH_URL: fake.authUrl,
      PLEXKEY_KEYCHAIN_SERVICE: keychainService,
    },
  })
  // The system browser is the person's: record what main asks it to open instead, and every
  // tooltip the tray is given from here on.
  await app.evaluate(({ shell, Tray }) => {
    const record = globalThis as unknown as { opened: string[]; tooltips: string[] }
    record.opened = []
    record.tooltips = []
    shell.openExternal = async (url: string) => {
      record.opened.push(url)
    }
    const setToolTip = Tray.prototype.setToolTip
    Tray.prototype.setToolTip = function (this: Electron.Tray, tooltip: string) {
      record.tooltips.push(tooltip)
      setToolTip.call(this, tooltip)
    }
  })
  const page = await app.firstWindow()
  const console: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.push(message.text())
  })
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`))
  running = { app, page, console }
  return running
}

const opened = (app: ElectronApplication) => app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)
const lastTooltip = (app: ElectronApplication) =>
  app.evaluate(() => (globalThis as unknown as { tooltips: string[] }).tooltips.at(-1) ?? '')

async function screen(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor(COLD)
}

/** The one PIN of a mode plex.tv holds now. */
async function livePin(strong: boolean): Promise<number> {
  await expect.poll(async () => (await control.pins()).filter((p) => p.strong === strong).length, COLD).toBeGreaterThan(0)
  const pin = (await control.pins()).filter((p) => p.strong === strong).at(-1)
  if (!pin) throw new Error('no PIN')
  return pin.id
}

/** Signs in with a code, approved at the fake, and waits for the signed-in screen. */
async function signInWithCode(page: Page): Promise<string> {
  await screen(page, 'Sign in to Plex')
  await page.getByRole('button', { name: 'Use a code on another device' }).click()
  const token = await control.approve(await livePin(false), { title: 'Jane Doe' })
  await screen(page, 'Signed in to Plex')
  return token
}

describe('the app on real Electron', () => {
  it('loads under the production policy, with nothing in the console', async () => {
    const { page, console } = await launch()
    await screen(page, 'Sign in to Plex')
    expect(page.url()).toBe('app://plexkey/index.html')
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(policy).toContain("default-src 'none'")
    expect(console).toEqual([])
  })

  it('signs in through the browser, shows the avatar, and the tray follows', async () => {
    const { app, page, console } = await launch()
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Sign in with your browser' }).click()
    await expect.poll(() => opened(app), COLD).toHaveLength(1)
    expect((await opened(app))[0]?.startsWith(`${fake.authUrl}#?`)).toBe(true)
    await control.approve(await livePin(true), { title: 'Jane Doe' })
    await screen(page, 'Signed in to Plex')
    // plex.tv answers the avatar with a redirect: it shows only if main's transport handed it back.
    await page.locator('img.avatar[src^="data:image/png;base64,"]').waitFor(COLD)
    await expect.poll(() => lastTooltip(app), COLD).toBe('Plexkey: Signed in as Jane Doe')
    expect(console).toEqual([])
  })

  it('signs in with a code, and a revoked token leads to re-authentication', async () => {
    const { app, page } = await launch()
    const token = await signInWithCode(page)
    // Kept under the launch's own keychain service: the app honoured the override.
    expect(await keytar().getPassword(keychainService, 'active')).not.toBeNull()

    await control.revoke(token)
    await page.getByRole('button', { name: 'Check now' }).click()
    await screen(page, 'Sign in to Plex')
    await expect.poll(() => lastTooltip(app), COLD).toBe('Plexkey: Plex no longer accepts this sign-in')
    await page.getByRole('button', { name: 'Sign in again' }).click()
    await expect.poll(() => opened(app), COLD).toHaveLength(1)
  })
})

// Where Electron's network stack differs from Node's: its ClientRequest closes before any answer
// (lib/common/api/net-client-request.ts), so only an abort kept until the body is over reaches it.
describe('plex.tv or a server that stops answering, on real Electron', () => {
  it('a check plex.tv holds past the deadline: the window says plex.tv cannot be reached, the sign-in stays', async () => {
    const { page } = await launch()
    await signInWithCode(page)
    fake.fault({ method: 'GET', path: '/api/v2/user', holdUntil: held() })
    await page.getByRole('button', { name: 'Check now' }).click()
    await page.getByText("Can't reach plex.tv right now").waitFor(PAST_DEADLINE)
    await screen(page, 'Signed in to Plex')
  })

  it('a body that stalls ends at the deadline the same way', async () => {
    const { page } = await launch()
    await signInWithCode(page)
    fake.fault({ method: 'GET', path: '/api/v2/user', stallBody: true })
    await page.getByRole('button', { name: 'Check now' }).click()
    await page.getByText("Can't reach plex.tv right now").waitFor(PAST_DEADLINE)
  })

  it('a server address that never answers has its connection closed once another address wins', async () => {
    const silent = fake.mediaServer('Cabin').connections.find((c) => c.kind === 'silent')
    const sockets = () => silent?.sockets?.() ?? { accepted: 0, open: -1 }
    const { page } = await launch()
    await signInWithCode(page)
    // Main probes the account's servers once signed in; Cabin's other addresses answer.
    await expect.poll(() => sockets().accepted, COLD).toBeGreaterThan(0)
    await expect.poll(() => sockets().open, COLD).toBe(0)
  })
})
