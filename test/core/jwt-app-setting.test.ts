import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startApp, type RunningApp } from '../../main/app/start-app'
import { app, BrowserWindow, ipcMain, standIn } from '../support/electron-stand-in'
import { createMemoryVault, type MemoryVault } from '../support/memory-vault'
import { until } from '../support/signin-fixture'
import { type FakePlex, startFakePlex } from '../fake-plex/server'

// The app's "sign-in scheme" setting reaches the sign-in service: the composition root started on
// the Electron stand-in, the settings file in PLEXKEY_CONFIG_DIR, the fake plex.tv over real HTTP.

let fake: FakePlex
let configDir: string
let vault: MemoryVault
let running: RunningApp | null

beforeEach(async () => {
  standIn.reset()
  fake = await startFakePlex()
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-jwt-app-'))
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
  })
  app.becomeReady()
  const result = await started
  if (!result) throw new Error('the app did not start')
  running = result
  return result
}

function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const window = BrowserWindow.instances[0]
  const handler = ipcMain.handlers.get(channel)
  if (!window || !handler) throw new Error(`cannot invoke ${channel}`)
  return Promise.resolve(handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, ...args))
}

const state = () => running?.service.getSnapshot().state
const lastPinRequest = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins').at(-1)

describe('the sign-in scheme setting', () => {
  it('a saved "jwt" setting signs in with the device key; a change applies to the next sign-in', async () => {
    await writeFile(join(configDir, 'settings.json'), JSON.stringify({ openAtLogin: false, authScheme: 'jwt' }))
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')

    expect(await invoke('auth:start', { mode: 'link' })).toEqual({ ok: true, value: undefined })
    await until(() => state()?.kind === 'waiting', 'a PIN')
    expect(JSON.parse(lastPinRequest()?.body ?? '{}')).toHaveProperty('jwk.kty', 'OKP')
    const live = state()
    const code = live?.kind === 'waiting' ? (live.pins[0]?.code ?? '') : ''
    const token = await fake.approveJwt(code, { username: 'ada', uuid: 'ada-uuid' })
    await until(() => state()?.kind === 'signed-in', 'signed in')
    expect(vault.entries.get('ada-uuid')?.token).toBe(token)
    expect(token.split('.')).toHaveLength(3)

    expect(await invoke('auth:sign-out')).toEqual({ ok: true, value: undefined })
    expect(await invoke('settings:set', { authScheme: 'legacy' })).toMatchObject({ ok: true, value: { authScheme: 'legacy' } })
    expect(await invoke('auth:start', { mode: 'link' })).toEqual({ ok: true, value: undefined })
    await until(() => state()?.kind === 'waiting', 'a second PIN')
    expect(lastPinRequest()?.body).toBe('')
    expect(lastPinRequest()?.query).toEqual({ strong: 'false' })
  })
})
