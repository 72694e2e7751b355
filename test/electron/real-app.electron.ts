import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakePlexControl, type FakePlexControl } from '../fake-plex/control-client'
import { type FakePlex, startFakePlex } from '../fake-plex/server'

// The built app (out/) on the real Electron binary, against the fake plex.tv, with the real
// keychain (scripts/test-electron.sh gives it a private one on Linux). Run by `npm run test:electron`
// only: it needs the binary that `npm start` downloads.

/** The binary's path, as the electron package reports it once downloaded. */
const electronPath = createRequire(import.meta.url)('electron') as string

interface Running {
  readonly app: ElectronApplication
  readonly page: Page
  readonly console: string[]
}

let fake: FakePlex
let control: FakePlexControl
let configDir: string
let running: Running | null = null

beforeEach(async () => {
  fake = await startFakePlex()
  control = fakePlexControl(fake.url)
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-electron-app-'))
})
afterEach(async () => {
  await running?.app.close()
  running = null
  await fake.close()
  await rm(configDir, { recursive: true, force: true })
})

async function launch(): Promise<Running> {
  const app = await _electron.launch({
    executablePath: electronPath,
    args: ['.'],
    env: {
      ...(process.env as Record<string, string>),
      PLEXKEY_CONFIG_DIR: configDir,
      PLEXKEY_PLEX_URL: fake.url,
      PLEXKEY_AUTH_URL: fake.authUrl,
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
  await page.getByRole('heading', { level: 1, name }).waitFor()
}

/** The one PIN of a mode plex.tv holds now. */
async function livePin(strong: boolean): Promise<number> {
  await expect.poll(async () => (await control.pins()).filter((p) => p.strong === strong).length).toBeGreaterThan(0)
  const pin = (await control.pins()).filter((p) => p.strong === strong).at(-1)
  if (!pin) throw new Error('no PIN')
  return pin.id
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
    await expect.poll(() => opened(app)).toHaveLength(1)
    expect((await opened(app))[0]?.startsWith(`${fake.authUrl}#?`)).toBe(true)
    await control.approve(await livePin(true), { title: 'Jane Doe' })
    await screen(page, 'Signed in to Plex')
    // plex.tv answers the avatar with a redirect: it shows only if main's transport handed it back.
    await page.locator('img.avatar[src^="data:image/png;base64,"]').waitFor()
    await expect.poll(() => lastTooltip(app)).toBe('Plexkey: Signed in as Jane Doe')
    expect(console).toEqual([])
  })

  it('signs in with a code, and a revoked token leads to re-authentication', async () => {
    const { app, page } = await launch()
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Use a code on another device' }).click()
    const token = await control.approve(await livePin(false), { title: 'Jane Doe' })
    await screen(page, 'Signed in to Plex')

    await control.revoke(token)
    await page.getByRole('button', { name: 'Check now' }).click()
    await screen(page, 'Sign in to Plex')
    await expect.poll(() => lastTooltip(app)).toBe('Plexkey: Plex no longer accepts this sign-in')
    await page.getByRole('button', { name: 'Sign in again' }).click()
    await expect.poll(() => opened(app)).toHaveLength(1)
  })
})
