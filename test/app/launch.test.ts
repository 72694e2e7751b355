import { beforeEach, describe, expect, it } from 'vitest'
import { appEnvironment, keychainServiceOf, launchApp } from '../../main/app/launch'
import type { StartAppOptions } from '../../main/app/start-app'
import { createLogger } from '../../main/core/log'
import { app, dialog, standIn } from '../support/electron-stand-in'

let logLines: string[]
const log = () => createLogger('app', { level: 'debug', sink: (line) => logLines.push(line) })

beforeEach(() => {
  standIn.reset()
  logLines = []
})

const overrides = { PLEXKEY_PLEX_URL: 'http://127.0.0.1:1234', PLEXKEY_AUTH_URL: 'http://127.0.0.1:1234/auth' }

describe('appEnvironment', () => {
  it('keeps PLEXKEY_PLEX_URL and PLEXKEY_AUTH_URL in an unpackaged app (development, tests)', () => {
    const env = { ...overrides, PLEXKEY_CONFIG_DIR: '/c' }
    expect(appEnvironment(env, false, log())).toEqual(env)
    expect(logLines).toEqual([])
  })

  it('drops both in a packaged app, and says so once', () => {
    const env = { ...overrides, PLEXKEY_CONFIG_DIR: '/c' }
    expect(appEnvironment(env, true, log())).toEqual({ PLEXKEY_CONFIG_DIR: '/c' })
    expect(logLines).toHaveLength(1)
    expect(logLines[0]).toContain('PLEXKEY_PLEX_URL and PLEXKEY_AUTH_URL ignored: the packaged app always uses plex.tv')
  })

  it('keeps PLEXKEY_KEYCHAIN_SERVICE in an unpackaged app only: an installed app keeps to its own keychain entries', () => {
    const env = { ...overrides, PLEXKEY_KEYCHAIN_SERVICE: 'plexkey-test-1', PLEXKEY_CONFIG_DIR: '/c' }
    expect(appEnvironment(env, false, log())).toEqual(env)
    expect(appEnvironment(env, true, log())).toEqual({ PLEXKEY_CONFIG_DIR: '/c' })
    expect(logLines).toEqual([
      expect.stringContaining(
        'PLEXKEY_PLEX_URL, PLEXKEY_AUTH_URL, and PLEXKEY_KEYCHAIN_SERVICE ignored: the packaged app always uses plex.tv and its own keychain entries',
      ),
    ])
  })

  it('says nothing in a packaged app when neither is set', () => {
    expect(appEnvironment({ HOME: '/h' }, true, log())).toEqual({ HOME: '/h' })
    expect(logLines).toEqual([])
  })
})

describe('keychainServiceOf', () => {
  it('is the default without the variable, and the name given when a keychain takes it', () => {
    expect(keychainServiceOf({})).toEqual({ ok: true, value: undefined })
    expect(keychainServiceOf({ PLEXKEY_KEYCHAIN_SERVICE: 'plexkey-test-0b9e_1.a' })).toEqual({ ok: true, value: 'plexkey-test-0b9e_1.a' })
  })

  it.each(['', 'plexkey test', 'plexkey\nx', 'Jürgen', '\u202eyekxelp', 'x'.repeat(65)])('refuses %j, naming the variable', (value) => {
    const result = keychainServiceOf({ PLEXKEY_KEYCHAIN_SERVICE: value })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('PLEXKEY_KEYCHAIN_SERVICE must be') } })
  })
})

describe('launchApp', () => {
  it('starts the app with the environment a packaged app is allowed', async () => {
    const started: StartAppOptions[] = []
    app.isPackaged = true
    await launchApp({ env: { ...overrides, HOME: '/h' }, argv: ['plexkey', '--hidden'], start: async (o) => void started.push(o), log: log() })
    expect(started).toEqual([{ env: { HOME: '/h' }, argv: ['plexkey', '--hidden'] }])
    expect(app.quitCalls).toBe(0)
    expect(dialog.errorBoxes).toEqual([])
  })

  it('a start that throws is logged, told in a dialog, and ends the app', async () => {
    const secret = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2ln'
    await expect(
      launchApp({ env: {}, argv: [], start: () => Promise.reject(new Error(`keytar exploded near ${secret}`)), log: log() }),
    ).resolves.toBeUndefined()
    expect(dialog.errorBoxes).toHaveLength(1)
    expect(dialog.errorBoxes[0]?.title).toBe('Plexkey cannot start')
    expect(dialog.errorBoxes[0]?.content).toContain('keytar exploded near [redacted-jwt]')
    expect(app.quitCalls).toBe(1)
    expect(logLines.join('\n')).toMatch(/ERROR \[app\] start failed reason="keytar exploded near \[redacted-jwt\]"/)
  })
})
