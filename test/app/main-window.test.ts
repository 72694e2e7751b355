import { beforeEach, describe, expect, it } from 'vitest'
import { createMainWindow } from '../../main/app/main-window'
import { app, BrowserWindow, dialog, standIn } from '../support/electron-stand-in'

beforeEach(() => standIn.reset())

const open = () =>
  createMainWindow({ preloadPath: '/p/index.js', url: 'app://plexkey/index.html', devTools: false, isQuitting: () => false, startHidden: false })

/** Lets the rejected load's handler run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('the main window', () => {
  it('loads its page', async () => {
    const { window } = open()
    await settle()
    expect(window.webContents.getURL()).toBe('app://plexkey/index.html')
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
