import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Snapshot } from '../../preload/api'
import { loadClientIdentity } from '../../main/core/account/client-identity'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { createSettingsStore } from '../../main/core/config/settings-store'
import { createLogger } from '../../main/core/log'
import { createSignInService } from '../../main/core/signin/create-signin-service'
import { deviceJwtsSent } from '../fake-plex/jwt-helpers'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { keytarVaultOn } from '../support/keytar-on-keyring'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { type PrivateKeyring, startPrivateKeyring } from '../support/private-keyring'
import { until } from '../support/signin-fixture'

// Where the device key and the Plex JWTs end up, with the real pieces: a real GNOME Keyring (on a
// private bus), a real config directory (client id and settings files), the real plex.tv client,
// debug logging, and a whole sign-in plus two refreshes against the fake plex.tv.

describe('device-key secrets stay in the keychain and in memory', () => {
  let keyring: PrivateKeyring
  let vault: CredentialVault
  let fake: FakePlex
  let configDir: string

  beforeAll(async () => {
    keyring = await startPrivateKeyring()
    vault = keytarVaultOn(keyring)
    fake = await startFakePlex({ jwtSec: 4 })
    configDir = await mkdtemp(join(tmpdir(), 'plexkey-jwt-secrets-'))
  })
  afterAll(async () => {
    await fake?.close()
    await keyring?.stop()
    if (configDir) await rm(configDir, { recursive: true, force: true })
  })

  async function filesUnder(dir: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory()) continue
      const path = join(entry.parentPath, entry.name)
      out[path] = await readFile(path, 'latin1')
    }
    return out
  }

  it('after a sign-in, a refresh ahead of expiry and one on a 498', async () => {
    const logLines: string[] = []
    const logger = createLogger('test', { level: 'debug', sink: (line) => logLines.push(line) })
    const identity = await loadClientIdentity({ configDir, version: '0.1.0', logger })
    if (!identity.ok) throw new Error(identity.error.message)
    const settings = createSettingsStore({ configDir, logger })
    await settings.load()
    await settings.update({ authScheme: 'jwt' })
    const plex = plexClientOnFake(fake, { identity: identity.value, logger })
    const service = createSignInService({
      plex,
      vault,
      identity: identity.value,
      logger,
      authScheme: () => settings.get().authScheme,
      policy: {
        pin: { pollIntervalMs: 40 },
        healthCheckIntervalMs: 0,
        healthRetry: { baseMs: 40, capMs: 150, minMs: 30 },
        jwt: { refreshAheadSec: 3 },
      },
    })
    const snapshots: Snapshot[] = []
    service.subscribe((s) => snapshots.push(s))
    try {
      await service.restore()
      service.start('browser')
      await until(() => service.getSnapshot().state.kind === 'waiting', 'a PIN')
      const state = service.getSnapshot().state
      const pinId = state.kind === 'waiting' ? (state.pins[0]?.pinId ?? 0) : 0
      const first = await fake.approveJwt(pinId, { username: 'sam', uuid: 'sam-uuid' })
      await until(() => service.getSnapshot().state.kind === 'signed-in', 'signed-in')
      // Refreshed ahead of expiry (due a second after issue), then once more on a 498.
      await until(() => fake.requests.some((r) => r.path === '/api/v2/auth/token'), 'a refresh')
      fake.fault({ path: '/api/v2/user', status: 498, times: 1 })
      expect(await service.checkNow()).toEqual({ ok: true, value: undefined })
      expect(fake.requests.filter((r) => r.path === '/api/v2/auth/token').length).toBeGreaterThanOrEqual(2)

      const items = await keyring.items()
      const keyEntry = items[`secret:device-key:${identity.value.clientId}`] ?? ''
      const privateJwk = JSON.parse(keyEntry) as { d: string; x: string }
      const current = (JSON.parse(items['token:sam-uuid'] ?? '{}') as { token?: string }).token ?? ''
      expect(current).not.toBe(first)
      expect(fake.tokens()).toContain(current)

      const secrets = [privateJwk.d, keyEntry, ...fake.issuedTokens(), ...deviceJwtsSent(fake.requests)]
      expect(secrets.length).toBeGreaterThan(6)
      const files = await filesUnder(configDir)
      expect(Object.keys(files).map((f) => f.slice(configDir.length + 1)).sort()).toEqual(['client.json', 'settings.json'])
      for (const [path, text] of Object.entries(files)) {
        for (const secret of secrets) expect(text, path).not.toContain(secret)
      }
      const logs = logLines.join('\n')
      expect(logs).toMatch(/Plex JWT refreshed/)
      const published = JSON.stringify(snapshots)
      for (const secret of secrets) {
        expect(logs).not.toContain(secret)
        expect(published).not.toContain(secret)
      }
      // Not even the private half in any form: its base64url text appears nowhere but the keychain.
      expect(logs).not.toContain(privateJwk.d.slice(0, 16))
    } finally {
      service.dispose()
    }
  })
})
