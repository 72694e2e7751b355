import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignInState } from '../../preload/api'
import { startApp, type RunningApp, type StartAppOptions } from '../../main/app/start-app'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { app, BrowserWindow, standIn } from './electron-stand-in'
import { createMemoryVault, type MemoryVault } from './memory-vault'
import { until } from './signin-fixture'

/**
 * The composition root, ready to start on the Electron stand-in (reset), against a fresh fake
 * plex.tv over real HTTP, a temporary PLEXKEY_CONFIG_DIR and an in-memory vault.
 */
export interface AppStartOptions extends Pick<StartAppOptions, 'healthIntervals' | 'platform'> {
  /** Added to the environment the app starts with. */
  readonly env?: Readonly<Record<string, string>>
}

export interface AppHarness {
  readonly fake: FakePlex
  readonly configDir: string
  readonly vault: MemoryVault
  /** The app start() brought up; a test that quits it itself sets this back to null. */
  running: RunningApp | null
  /**
   * Starts the app (Electron becomes ready at once), fails the test if it did not come up, and
   * waits for the window's page to commit, as it has before its renderer can ask anything.
   */
  start(options?: AppStartOptions): Promise<RunningApp>
  state(): SignInState | undefined
  /** Quits the app if it is still running, stops the fake and removes the config folder. */
  close(): Promise<void>
}

export async function startAppHarness(): Promise<AppHarness> {
  standIn.reset()
  const fake = await startFakePlex()
  const configDir = await mkdtemp(join(tmpdir(), 'plexkey-app-'))
  app.paths.set('userData', join(configDir, 'unused-user-data'))
  const vault = createMemoryVault()
  const h: AppHarness = {
    fake,
    configDir,
    vault,
    running: null,
    async start({ env = {}, ...options } = {}) {
      const started = startApp({
        env: { PLEXKEY_CONFIG_DIR: configDir, PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl, ...env },
        argv: [],
        vault,
        ...options,
      })
      app.becomeReady()
      const result = await started
      if (!result) throw new Error('the app did not start')
      h.running = result
      const window = BrowserWindow.instances[0]
      await until(() => window?.webContents.getURL() !== '', 'the page to commit')
      return result
    },
    state: () => h.running?.service.getSnapshot().state,
    async close() {
      if (h.running) app.quit()
      await fake.close()
      await rm(configDir, { recursive: true, force: true })
    },
  }
  return h
}
