import { beforeEach, describe, expect, it } from 'vitest'
import { createMainWindow, MAX_CRASH_RELOADS, type MainWindowOptions } from '../../main/app/main-window'
import { app, BrowserWindow, dialog, standIn } from '../support/electron-stand-in'

beforeEach(() => standIn.reset())

const open = (options: Partial<MainWindowOptions> = {}) =>
  createMainWindow({
    preloadPath: '/p/index.js',
    url: 'app://plexkey/index.html',
    devTools: false,
    isQuitting: () => false,
    startHidden: false,
    canHideToTray: () => true,
    ...options,
  })

/** Lets the load (and a rejected load's handler) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

/** A stand-in window, whatever type the app's module gave it. */
const standInWindow = (window: unknown): BrowserWindow => window as BrowserWindow

describe('the main window', () => {
  it('loads its page and shows itself once it is ready to show', async () => {
    const window = standInWindow(open().window)
    expect(window.isVisible()).toBe(false)
    await settle()
    expect(window.webContents.getURL()).toBe('app://plexkey/index.html')
    expect(window.isVisible()).toBe(true)
    expect(dialog.errorBoxes).toEqual([])
    expect(app.quitCalls).toBe(0)
  })

  it('a page that fails to load is told in a dialog and ends the app, not a blank window', async () => {
    BrowserWindow.loadFailure = Object.assign(new Error("ERR_FILE_NOT_FOUND (-6) loading 'app://plexkey/index.html'"), {
      code: 'ERR_FILE_NOT_FOUND',
      errno: -6,
    })
    open()
    await settle()
    expect(dialog.errorBoxes).toHaveLength(1)
    expect(dialog.errorBoxes[0]?.title).toBe('Plexkey cannot show its window')
    expect(dialog.errorBoxes[0]?.content).toContain('ERR_FILE_NOT_FOUND (-6)')
    expect(app.quitCalls).toBe(1)
  })

  it('a load replaced by a later navigation (ERR_ABORTED) is no failure', async () => {
    BrowserWindow.loadFailure = Object.assign(new Error('ERR_ABORTED (-3)'), { code: 'ERR_ABORTED', errno: -3 })
    open()
    await settle()
    expect(dialog.errorBoxes).toEqual([])
    expect(app.quitCalls).toBe(0)
  })
})

describe('a renderer that dies', () => {
  it(`is reloaded up to ${MAX_CRASH_RELOADS} times, then explained in a dialog before Plexkey closes`, async () => {
    const window = standInWindow(open().window)
    await settle()
    for (let crash = 1; crash <= MAX_CRASH_RELOADS; crash++) {
      window.webContents.crash('crashed')
      await settle()
      expect(window.webContents.reloads).toBe(crash)
      expect(window.webContents.getURL()).toBe('app://plexkey/index.html')
    }
    expect(dialog.errorBoxes).toEqual([])
    window.webContents.crash('oom')
    expect(window.webContents.reloads).toBe(MAX_CRASH_RELOADS)
    expect(dialog.errorBoxes).toHaveLength(1)
    expect(dialog.errorBoxes[0]?.content).toContain('(oom)')
    expect(app.quitCalls).toBe(1)
  })

  it('is left alone while Plexkey quits', async () => {
    const window = standInWindow(open({ isQuitting: () => true }).window)
    await settle()
    window.webContents.crash('killed')
    expect(window.webContents.reloads).toBe(0)
    expect(dialog.errorBoxes).toEqual([])
  })
})

describe('hiding to the tray', () => {
  it('closing hides the window when the tray is on screen', async () => {
    const window = standInWindow(open().window)
    await settle()
    window.close()
    expect(window.isDestroyed()).toBe(false)
    expect(window.isVisible()).toBe(false)
  })

  it('closing only minimizes it when there may be no tray to come back from', async () => {
    const window = standInWindow(open({ canHideToTray: () => false }).window)
    await settle()
    window.close()
    expect(window.isDestroyed()).toBe(false)
    expect(window.isVisible()).toBe(true)
    expect(window.isMinimized()).toBe(true)
  })

  it('a start at login stays hidden with a tray, and shows minimized without one', async () => {
    const hidden = standInWindow(open({ startHidden: true }).window)
    const minimized = standInWindow(open({ startHidden: true, canHideToTray: () => false }).window)
    await settle()
    expect(hidden.isVisible()).toBe(false)
    expect(minimized.isVisible()).toBe(true)
    expect(minimized.isMinimized()).toBe(true)
    expect(minimized.focused).toBe(false)
  })
})
