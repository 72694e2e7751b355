import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { clipboard } from 'electron'
import { calculateJwkThumbprint } from 'jose'
import { describe, expect, it } from 'vitest'
import { deviceKeySecretName } from '../../main/core/jwt/device-key'
import { SETTINGS_FILE } from '../../main/core/config/settings-store'
import { chromiumApps } from './app-harness'
import { approveInSystemBrowser, captureClean, expectClean, screen, status } from './app-steps'

const apps = chromiumApps()

/** The claims of a JWT, read without checking it (the core verifies; this only looks). */
function claims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
}

describe('settings in real Chromium, against the real core and the fake plex.tv', () => {
  it('choosing "Device key (JWT)" makes the next sign-in a device-key sign-in', async () => {
    const app = await apps.start({ fake: { user: { title: 'Ada Lovelace', username: 'ada' } } })
    const { page } = app
    await screen(page, 'Sign in to Plex')
    const settingsButton = page.getByRole('button', { name: 'Settings' })
    await settingsButton.click()
    await screen(page, 'Settings')
    const jwt = page.getByRole('radio', { name: 'Device key (JWT)' })
    await jwt.waitFor()
    expect(await page.getByRole('radio', { name: 'Standard Plex token' }).isChecked()).toBe(true)
    await jwt.check()
    await status(page, 'Saved. Your next sign-in uses it.').waitFor()
    expect(app.settings().authScheme).toBe('jwt')
    await page.keyboard.press('Escape')
    await screen(page, 'Sign in to Plex')
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Settings')

    await page.getByRole('button', { name: 'Sign in with Plex' }).click()
    await expect.poll(() => app.opened.length).toBe(1)
    // The PIN was made with this device's public key ...
    const pin = app.fake.pins().at(-1)
    expect(pin?.jwk?.kty).toBe('OKP')
    await approveInSystemBrowser(app, app.opened[0] ?? '')
    await screen(page, 'Signed in to Plex')
    await page.getByText('Ada Lovelace', { exact: true }).waitFor()

    // ... so plex.tv answered with a Plex JWT bound to that key, and that is what the keychain holds.
    const saved = app.vault.entries.get(app.vault.activeKey ?? '')?.token ?? ''
    expect(saved.split('.')).toHaveLength(3)
    // The key is the one the app keeps in the keychain: its thumbprint is the one in the token.
    const clientId = app.fake.requests.find((request) => request.path === '/api/v2/pins')?.headers['x-plex-client-identifier'] ?? ''
    const held = await app.vault.getSecret(deviceKeySecretName(clientId))
    const x = held.ok && held.value !== null ? (JSON.parse(held.value) as { x: string }).x : ''
    expect(x).toMatch(/^[\w-]{43}$/)
    expect(claims(saved)['thumbprint']).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }))

    // Back in Settings: the choice stands, and the identifier shown is the one plex.tv was sent.
    await settingsButton.click()
    await jwt.waitFor()
    expect(await jwt.isChecked()).toBe(true)
    const sent = app.fake.requests.find((request) => request.path === '/api/v2/pins')?.headers['x-plex-client-identifier']
    expect(sent).toMatch(/^[0-9a-f-]{36}$/)
    expect(await page.getByRole('textbox', { name: 'Client identifier' }).inputValue()).toBe(sent)
    await captureClean(app, 'settings')
    await expectClean(app)
  })

  it('"Start at login" reaches main and is read back on the next visit', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Settings' }).click()
    const atLogin = page.getByRole('checkbox', { name: 'Start at login' })
    await atLogin.waitFor()
    expect(await atLogin.isChecked()).toBe(false)
    expect(existsSync(app.paths.autostart)).toBe(false)
    await atLogin.check()
    await status(page, 'Saved.').waitFor()
    // Main's settings controller saved it and applied it: the file says so, and the desktop's
    // autostart entry starts Plexkey in the tray.
    expect(app.settings().openAtLogin).toBe(true)
    expect(JSON.parse(await readFile(join(app.paths.configDir, SETTINGS_FILE), 'utf8'))).toMatchObject({ openAtLogin: true })
    expect(await readFile(app.paths.autostart, 'utf8')).toContain('Exec="/opt/Plexkey/plexkey" "--hidden"')

    await page.getByRole('button', { name: 'Done' }).click()
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Settings' }).click()
    await atLogin.waitFor()
    expect(await atLogin.isChecked()).toBe(true)
    await expectClean(app)
  })

  it('copies the client identifier through main', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'Copy identifier' }).click()
    await status(page, 'Copied.').waitFor()
    const shown = await page.getByRole('textbox', { name: 'Client identifier' }).inputValue()
    expect(shown).toMatch(/^[0-9a-f-]{36}$/)
    expect(clipboard.readText()).toBe(shown)
    await expectClean(app)
  })
})
