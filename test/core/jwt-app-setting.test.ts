import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AppHarness, startAppHarness } from '../support/app-harness'
import { BrowserWindow, ipcMain } from '../support/electron-stand-in'
import { until } from '../support/signin-fixture'

// The app's "sign-in scheme" setting reaches the sign-in service: the composition root started on
// the Electron stand-in, the settings file in PLEXKEY_CONFIG_DIR, the fake plex.tv over real HTTP.

let h: AppHarness

beforeEach(async () => {
  h = await startAppHarness()
})
afterEach(async () => {
  await h.close()
})

function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const window = BrowserWindow.instances[0]
  const handler = ipcMain.handlers.get(channel)
  if (!window || !handler) throw new Error(`cannot invoke ${channel}`)
  return Promise.resolve(handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, ...args))
}

const state = () => h.state()
const lastPinRequest = () => h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins').at(-1)

describe('the sign-in scheme setting', () => {
  it('a saved "jwt" setting signs in with the device key; a change applies to the next sign-in', async () => {
    await writeFile(join(h.configDir, 'settings.json'), JSON.stringify({ openAtLogin: false, authScheme: 'jwt' }))
    await h.start()
    await until(() => state()?.kind === 'signed-out', 'restore')

    expect(await invoke('auth:start', { mode: 'link' })).toEqual({ ok: true, value: undefined })
    await until(() => state()?.kind === 'waiting', 'a PIN')
    expect(JSON.parse(lastPinRequest()?.body ?? '{}')).toHaveProperty('jwk.kty', 'OKP')
    const live = state()
    const code = live?.kind === 'waiting' ? (live.pins[0]?.code ?? '') : ''
    const token = await h.fake.approveJwt(code, { username: 'ada', uuid: 'ada-uuid' })
    await until(() => state()?.kind === 'signed-in', 'signed in')
    expect(h.vault.entries.get('ada-uuid')?.token).toBe(token)
    expect(token.split('.')).toHaveLength(3)

    expect(await invoke('auth:sign-out')).toEqual({ ok: true, value: undefined })
    expect(await invoke('settings:set', { authScheme: 'legacy' })).toMatchObject({ ok: true, value: { authScheme: 'legacy' } })
    expect(await invoke('auth:start', { mode: 'link' })).toEqual({ ok: true, value: undefined })
    await until(() => state()?.kind === 'waiting', 'a second PIN')
    expect(lastPinRequest()?.body).toBe('')
    expect(lastPinRequest()?.query).toEqual({ strong: 'false' })
  })
})
