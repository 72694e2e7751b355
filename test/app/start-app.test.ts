import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invokeChannels, type Snapshot } from '../../preload/api'
import { startApp, type RunningApp } from '../../main/app/start-app'
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  standIn,
  Tray,
} from '../support/electron-stand-in'
import { createMemoryVault, type MemoryVault } from '../support/memory-vault'
import { until } from '../support/signin-fixture'
import { type FakePlex, startFakePlex } from '../fake-plex/server'

// The composition root, started against the Electron stand-in, the fake plex.tv (real HTTP through
// the stand-in's net.fetch) and an in-memory vault: what a user would see, step by step.

let fake: FakePlex
let configDir: string
let vault: MemoryVault
let running: RunningApp | null

beforeEach(async () => {
  standIn.reset()
  fake = await startFakePlex()
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-app-'))
  app.paths.set('userData', join(configDir, 'unused-user-data'))
  vault = createMemoryVault()
  running = null
})
afterEach(async () => {
  if (running) app.quit()
  await fake.close()
  await rm(configDir, { recursive: true, force: true })
})

async function start(): Promise<RunningApp> {
  const started = startApp({
    env: { PLEXKEY_CONFIG_DIR: configDir, PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl },
    argv: [],
    vault,
    healthIntervals: { resumeDelayMs: 5, minGapMs: 0, onlinePollMs: 50 },
  })
  app.becomeReady()
  const result = await started
  if (!result) throw new Error('the app did not start')
  running = result
  return result
}

const state = () => running?.service.getSnapshot().state
const mainWindow = () => {
  const window = BrowserWindow.instances[0]
  if (!window) throw new Error('no window')
  return window
}
const tray = () => {
  const instance = Tray.instances[0]
  if (!instance) throw new Error('no tray')
  return instance
}
const trayIcon = () => tray().image?.path.split('/').pop()
const sentSnapshots = () =>
  mainWindow()
    .webContents.sent.filter((m) => m.channel === 'auth:state-changed')
    .map((m) => m.args[0] as Snapshot)

function clickTray(id: string): void {
  const item = tray().contextMenu?.items.find((i) => i.id === id)
  if (!item?.click) throw new Error(`no tray item ${id}`)
  item.click()
}

describe('starting', () => {
  it('builds the hardened window, the handlers, the protocol, the tray, and restores the sign-in', async () => {
    await start()
    expect(app.name).toBe('Plexkey')
    expect(BrowserWindow.instances).toHaveLength(1)
    const options = mainWindow().options as { show: boolean; webPreferences: Record<string, unknown> }
    expect(options.show).toBe(false)
    expect(options.webPreferences).toMatchObject({
      preload: join(process.cwd(), 'out', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(mainWindow().webContents.getURL()).toBe('app://plexkey/index.html')
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort())
    expect(protocol.handlers.has('app')).toBe(true)
    expect(Menu.applicationMenu).toBeNull()

    await until(() => state()?.kind === 'signed-out', 'restore to finish')
    expect(tray().tooltip).toBe('Plexkey: Signed out')
    expect(trayIcon()).toBe('signed-out.png')
    expect(sentSnapshots().at(-1)?.state).toEqual({ kind: 'signed-out' })
  })

  it('hardens the window it made: no window.open, no navigation away', async () => {
    await start()
    expect(mainWindow().webContents.windowOpenHandler?.({ url: 'https://plex.tv/' })).toEqual({ action: 'deny' })
    expect(mainWindow().webContents.tryNavigate('https://evil.example/')).toBe(true)
    expect(mainWindow().webContents.tryNavigate('app://plexkey/index.html')).toBe(false)
  })

  it('denies permissions and puts the CSP on our pages only', async () => {
    await start()
    const ses = session.defaultSession
    expect(ses.permissionCheckHandler?.({}, 'notifications', 'app://plexkey', {})).toBe(false)
    const answers: unknown[] = []
    const listener = ses.headersListener
    if (!listener) throw new Error('no header listener')
    listener({ url: 'app://plexkey/index.html', responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => answers.push(r))
    listener({ url: `${fake.url}/api/v2/user`, responseHeaders: { 'Content-Type': ['application/json'] } }, (r) => answers.push(r))
    expect(answers[0]).toMatchObject({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [expect.stringContaining("default-src 'none'")] },
    })
    expect(answers[1]).toEqual({})
  })

  it('serves the renderer over app:// with the CSP header', async () => {
    await start()
    const handler = protocol.handlers.get('app')
    if (!handler) throw new Error('no app: handler')
    const response = await handler(new Request('app://plexkey/does-not-exist.js'))
    expect(response.status).toBe(404)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('keeps its client id and settings in PLEXKEY_CONFIG_DIR', async () => {
    await start()
    const info = await ipcMain.handlers.get('app:get-info')?.(
      { sender: mainWindow().webContents, senderFrame: mainWindow().webContents.mainFrame },
    )
    expect(info).toMatchObject({ ok: true, value: { version: '0.1.0', platform: process.platform } })
    const { readFile } = await import('node:fs/promises')
    const client = JSON.parse(await readFile(join(configDir, 'client.json'), 'utf8')) as { clientId: string }
    expect((info as { value: { clientId: string } }).value.clientId).toBe(client.clientId)
  })

  it('sends state only to our own page', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    const before = sentSnapshots().length
    mainWindow().webContents.mainFrame.url = 'https://evil.example/'
    running?.service.start('link')
    await until(() => state()?.kind === 'waiting', 'a PIN')
    expect(sentSnapshots()).toHaveLength(before)
    mainWindow().webContents.mainFrame.url = 'app://plexkey/index.html'
    running?.service.cancel()
    expect(sentSnapshots().at(-1)?.state).toEqual({ kind: 'signed-out', reason: 'cancelled' })
  })

  it('quits at once when another instance holds the lock', async () => {
    app.singleInstanceLock = false
    const started = startApp({ env: { PLEXKEY_CONFIG_DIR: configDir }, argv: [], vault })
    app.becomeReady()
    expect(await started).toBeNull()
    expect(app.quitCalls).toBe(1)
    expect(BrowserWindow.instances).toHaveLength(0)
  })
})

describe('the window', () => {
  it('shows when ready, hides to the tray on close, and comes back on a second launch', async () => {
    await start()
    const window = mainWindow()
    window.emit('ready-to-show')
    expect(window.isVisible()).toBe(true)
    window.close()
    expect(window.isDestroyed()).toBe(false)
    expect(window.isVisible()).toBe(false)
    app.emit('second-instance', {}, [], '/')
    expect(window.isVisible()).toBe(true)
    expect(window.focused).toBe(true)
  })

  it('closes for real, and everything stops, on Quit from the tray', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    clickTray('quit')
    running = null
    mainWindow().close()
    expect(mainWindow().isDestroyed()).toBe(true)
    expect(tray().isDestroyed()).toBe(true)
    expect(ipcMain.handlers.size).toBe(0)
    expect(powerMonitor.listenerCount('resume')).toBe(0)
  })
})

describe('a keychain that failed', () => {
  it('is read again when the window is shown, and from the tray\'s "Check now"', async () => {
    vault.failLoad = true
    await start()
    await until(() => state()?.kind === 'error', 'the keychain error')
    expect(tray().contextMenu?.items.find((i) => i.id === 'check-now')?.enabled).toBe(true)

    // Unlocked meanwhile; the user opens the window from the tray.
    vault.failLoad = false
    const loads = vault.calls.loadActive
    mainWindow().hide()
    mainWindow().show()
    await until(() => state()?.kind === 'signed-out', 'the keychain read again')
    expect(vault.calls.loadActive).toBe(loads + 1)

    // Locked again at the next restore, and then unlocked: "Check now" in the tray is the other way back.
    vault.failLoad = true
    await running?.service.restore()
    expect(state()?.kind).toBe('error')
    vault.failLoad = false
    clickTray('check-now')
    await until(() => state()?.kind === 'signed-out', 'the keychain read from the tray')
  })
})

describe('signing in and keeping the token healthy', () => {
  it('tray sign-in, approval, unreachable (quietly), rejected (notification), one-click re-authentication', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')

    // One click on "Sign in…": the window shows and the hosted sign-in page opens.
    clickTray('sign-in')
    expect(mainWindow().isVisible()).toBe(true)
    await until(() => shell.opened.length === 1, 'the sign-in page to open')
    expect(shell.opened[0]?.startsWith(fake.authUrl)).toBe(true)
    expect(trayIcon()).toBe('signing-in.png')

    const pin = running?.service.pin('browser')
    if (!pin) throw new Error('no browser PIN')
    const token = fake.approve(pin.pinId, { title: 'Alice' })
    await until(() => state()?.kind === 'signed-in', 'signed in', 15_000)
    expect(tray().tooltip).toBe('Plexkey: Signed in as Alice')
    expect(trayIcon()).toBe('signed-in.png')

    // plex.tv unreachable on resume: the token stays, the icon changes, no notification.
    fake.fault({ drop: true })
    powerMonitor.emit('resume')
    await until(() => state()?.kind === 'signed-in' && (state() as { health: string }).health === 'unreachable', 'unreachable')
    expect(trayIcon()).toBe('unreachable.png')
    expect(tray().tooltip).toBe("Plexkey: Signed in as Alice; can't reach plex.tv")
    expect(Notification.instances).toHaveLength(0)
    expect(vault.activeKey).not.toBeNull()
    fake.clearFaults()

    // plex.tv rejects the token: attention icon, one notification.
    fake.revoke(token)
    powerMonitor.emit('resume')
    await until(() => state()?.kind === 'signed-out', 'token rejected')
    expect(state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(trayIcon()).toBe('attention.png')
    expect(tray().contextMenu?.items.find((i) => i.id === 'sign-in')?.label).toBe('Re-authenticate')
    expect(Notification.instances).toHaveLength(1)
    const notification = Notification.instances[0]
    expect(notification?.shown).toBe(true)
    expect(notification?.options.title).toBe('Plex sign-in needs renewing')

    // One click on it starts re-authentication in the browser.
    mainWindow().hide()
    notification?.click()
    expect(mainWindow().isVisible()).toBe(true)
    await until(() => shell.opened.length === 2, 'the sign-in page to open again')
    expect(state()?.kind).toBe('waiting')

    // The renderer saw every change, and never the token.
    const sent = sentSnapshots()
    expect(JSON.stringify(sent)).not.toContain(token)
    sent.forEach((s, i) => {
      if (i > 0) expect(s.seq).toBeGreaterThan(sent[i - 1]?.seq ?? -1)
    })
    expect(sent.at(-1)).toEqual(running?.service.getSnapshot())
  })
})
