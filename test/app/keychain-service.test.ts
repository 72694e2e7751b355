import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { type RunningApp, startApp } from '../../main/app/start-app'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { app, dialog, standIn } from '../support/electron-stand-in'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { until } from '../support/signin-fixture'

// Which keychain service the app keeps its sign-in under, on a real keyring: `plexkey`, or in a
// development build the one PLEXKEY_KEYCHAIN_SERVICE names (`npm run test:electron` gives each run
// its own), so a run on a developer's desktop never reads, sends or deletes their own sign-in.

let keyring: PrivateKeyring
/** The person's own sign-in, under `plexkey`, as an installed Plexkey left it. */
let own: CredentialVault
let fake: FakePlex
let configDir: string
let running: RunningApp | null = null

beforeAll(async () => {
  keyring = await startPrivateKeyring()
  own = keytarVaultOn(keyring)
})
afterAll(async () => {
  await keyring.stop()
})
beforeEach(async () => {
  standIn.reset()
  fake = await startFakePlex()
  configDir = await mkdtemp(join(tmpdir(), 'plexkey-keychain-service-'))
  app.paths.set('userData', join(configDir, 'unused-user-data'))
})
afterEach(async () => {
  if (running) app.quit()
  running = null
  await fake.close()
  await rm(configDir, { recursive: true, force: true })
})

/** Starts the app with its own keytar vault (no vault handed in), against the fake plex.tv. */
async function startWith(env: Readonly<Record<string, string>>): Promise<RunningApp | null> {
  const started = startApp({ env: { PLEXKEY_CONFIG_DIR: configDir, PLEXKEY_PLEX_URL: fake.url, PLEXKEY_AUTH_URL: fake.authUrl, ...env }, argv: [] })
  app.becomeReady()
  running = await started
  return running
}

describe('PLEXKEY_KEYCHAIN_SERVICE', () => {
  it('keeps the app away from the `plexkey` sign-in, and its own sign-in under the service named', async () => {
    expect((await own.saveActive({ accountKey: 'person-1', username: 'Person', token: 'the-persons-own-token' })).ok).toBe(true)
    const service = `plexkey-test-${randomUUID()}`
    const started = await startWith({ PLEXKEY_KEYCHAIN_SERVICE: service })
    const state = () => started?.service.getSnapshot().state.kind
    await until(() => state() === 'signed-out', 'restore to finish')

    expect(started?.service.start('link')).toEqual({ ok: true, value: undefined })
    await until(() => fake.pins().length === 1, 'a PIN')
    const token = fake.approve(fake.pins()[0]?.id ?? 0, { title: 'Jane Doe' })
    await until(() => state() === 'signed-in', 'the sign-in to be saved')

    expect(fake.requests.filter((r) => r.headers['x-plex-token'] === 'the-persons-own-token')).toEqual([])
    expect(await own.loadActive()).toMatchObject({ ok: true, value: { accountKey: 'person-1', token: 'the-persons-own-token' } })
    expect(Object.values(await keyring.items(service)).some((secret) => secret.includes(token))).toBe(true)
  })

  it('a name no keychain takes stops the start with a dialog that names the variable', async () => {
    expect(await startWith({ PLEXKEY_KEYCHAIN_SERVICE: 'plexkey test\n\u202e' })).toBeNull()
    expect(dialog.errorBoxes).toHaveLength(1)
    expect(dialog.errorBoxes[0]?.content).toContain('PLEXKEY_KEYCHAIN_SERVICE must be 1 to 64 letters')
    expect(dialog.errorBoxes[0]?.content).not.toContain('\n')
  })
})
