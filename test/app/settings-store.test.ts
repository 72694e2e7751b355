import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSettingsStore, defaultSettings } from '../../main/core/config/settings-store'
import { createLogger } from '../../main/core/log'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-settings-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const file = () => join(dir, 'settings.json')

describe('settings store', () => {
  it('starts at the defaults without writing anything', async () => {
    const store = createSettingsStore({ configDir: dir })
    expect(await store.load()).toEqual({ ok: true, value: defaultSettings })
    expect(await readdir(dir)).toEqual([])
  })

  it('saves a patch as owner-only JSON and reads it back in a new store', async () => {
    const store = createSettingsStore({ configDir: dir })
    await store.load()
    expect(await store.update({ openAtLogin: true })).toEqual({ ok: true, value: { openAtLogin: true, authScheme: 'legacy', allowUnencryptedServers: false } })
    expect(await store.update({ authScheme: 'jwt' })).toEqual({ ok: true, value: { openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false } })
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false })
    expect((await stat(file())).mode & 0o777).toBe(0o600)
    // Only the file itself: no temporary files left behind.
    expect(await readdir(dir)).toEqual(['settings.json'])
    const again = createSettingsStore({ configDir: dir })
    expect(await again.load()).toEqual({ ok: true, value: { openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false } })
  })

  it('fills fields an older file lacks with their defaults', async () => {
    await writeFile(file(), '{"openAtLogin":true}')
    const store = createSettingsStore({ configDir: dir })
    expect(await store.load()).toEqual({ ok: true, value: { openAtLogin: true, authScheme: 'legacy', allowUnencryptedServers: false } })
  })

  it.each([
    ['not JSON', '{"openAtLogin": tr'],
    ['an array', '[]'],
    ['a string', '"jwt"'],
    ['null', 'null'],
  ])('moves a file holding %s aside, keeping its bytes, and uses the defaults', async (_what, content) => {
    await writeFile(file(), content)
    const store = createSettingsStore({ configDir: dir, now: () => Date.UTC(2025, 0, 2, 3, 4, 5) })
    expect(await store.load()).toEqual({ ok: true, value: defaultSettings })
    const names = await readdir(dir)
    expect(names).toEqual(['settings.json.corrupt-2025-01-02T03-04-05-000Z'])
    expect(await readFile(join(dir, names[0] ?? ''), 'utf8')).toBe(content)
    // The next save writes a fresh file beside the kept one.
    await store.update({ openAtLogin: true })
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.corrupt-2025-01-02T03-04-05-000Z'])
  })

  it.each([
    ['a wrong type', '{"openAtLogin":"yes","authScheme":"jwt"}', { openAtLogin: false, authScheme: 'jwt', allowUnencryptedServers: false }, ['openAtLogin']],
    ['an unknown scheme', '{"openAtLogin":true,"authScheme":"oauth"}', { openAtLogin: true, authScheme: 'legacy', allowUnencryptedServers: false }, ['authScheme']],
    ['two bad fields', '{"openAtLogin":1,"authScheme":null,"extra":2}', defaultSettings, ['openAtLogin', 'authScheme']],
  ])('keeps the valid fields of a file with %s, logs the ignored ones and leaves the file', async (_what, content, settings, ignored) => {
    await writeFile(file(), content)
    const lines: string[] = []
    const logger = createLogger('settings', { level: 'debug', sink: (line) => lines.push(line) })
    const store = createSettingsStore({ configDir: dir, logger })
    expect(await store.load()).toEqual({ ok: true, value: settings })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`WARN [settings] settings with unusable values ignored; their defaults apply ignored=${JSON.stringify(ignored)}`)
    expect(await readdir(dir)).toEqual(['settings.json'])
  })

  it('leaves an unreadable file alone and says so', async () => {
    await mkdir(file())
    const store = createSettingsStore({ configDir: dir })
    const loaded = await store.load()
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) expect(loaded.error.message).toContain('settings.json')
    expect(store.get()).toEqual(defaultSettings)
    expect((await stat(file())).isDirectory()).toBe(true)
  })

  it('keeps the previous settings, in memory and on disk, when a save fails', async () => {
    // The config folder is reached through a link, later pointed below a plain file, where no
    // folder can be made (permissions would not stop root).
    const real = join(dir, 'real')
    const link = join(dir, 'config')
    await mkdir(real)
    await symlink(real, link)
    const store = createSettingsStore({ configDir: link })
    await store.load()
    await store.update({ openAtLogin: true })
    await writeFile(join(dir, 'blocker'), '')
    await unlink(link)
    await symlink(join(dir, 'blocker', 'below'), link)
    const result = await store.update({ authScheme: 'jwt' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.message).toContain('could not save its settings')
      expect(result.error.retryable).toBe(true)
    }
    expect(store.get()).toEqual({ openAtLogin: true, authScheme: 'legacy', allowUnencryptedServers: false })
    expect(JSON.parse(await readFile(join(real, 'settings.json'), 'utf8'))).toEqual({ openAtLogin: true, authScheme: 'legacy', allowUnencryptedServers: false })
  })

  it('applies quick successive patches in order', async () => {
    const store = createSettingsStore({ configDir: dir })
    await store.load()
    await Promise.all([
      store.update({ openAtLogin: true }),
      store.update({ openAtLogin: false }),
      store.update({ authScheme: 'jwt' }),
      store.update({ openAtLogin: true }),
    ])
    expect(store.get()).toEqual({ openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false })
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false })
  })
})
