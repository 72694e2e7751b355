import { beforeEach, expect, it } from 'vitest'
import { appSchemePrivileges } from '../../main/app/app-protocol'
import { app, BrowserWindow, protocol, standIn } from '../support/electron-stand-in'
import { until } from '../support/signin-fixture'

// main/app/index.ts, the file Electron runs. Another instance holds the lock here, so the start it
// makes ends at once: no window, no keychain, no network.

beforeEach(() => standIn.reset())

it('declares app:// privileged while loading, before ready, then launches', async () => {
  app.singleInstanceLock = false
  await import('../../main/app/index')
  expect(app.isReady()).toBe(false)
  expect(protocol.privileged).toEqual([appSchemePrivileges])
  expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }])
  await until(() => app.quitCalls === 1, 'the launch to end')
  expect(BrowserWindow.instances).toHaveLength(0)
})
