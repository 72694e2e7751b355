import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyOpenAtLogin, autostartEntry, autostartPath, type LoginItemContext } from '../../main/app/login-item'

let dir: string
let applied: unknown[]
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-autostart-'))
  applied = []
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function context(platform: NodeJS.Platform): LoginItemContext {
  return {
    platform,
    env: { XDG_CONFIG_HOME: dir },
    homedir: '/home/nobody',
    command: ['/opt/Plexkey/plexkey'],
    setLoginItemSettings: (settings) => applied.push(settings),
  }
}

describe('autostartEntry', () => {
  it('quotes every argument of Exec as the desktop entry spec requires', () => {
    const entry = autostartEntry(['/home/a b/Plexkey.AppImage', '--hidden', 'x"$`\\y'])
    expect(entry).toContain('Exec="/home/a b/Plexkey.AppImage" "--hidden" "x\\"\\$\\`\\\\y"\n')
    expect(entry.startsWith('[Desktop Entry]\nType=Application\nName=Plexkey\n')).toBe(true)
  })
})

describe('autostartPath', () => {
  it('uses an absolute XDG_CONFIG_HOME, else ~/.config', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/autostart/plexkey.desktop')
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/a')).toBe('/home/a/.config/autostart/plexkey.desktop')
    expect(autostartPath({}, '/home/a')).toBe('/home/a/.config/autostart/plexkey.desktop')
  })
})

describe('applyOpenAtLogin', () => {
  it('on Linux writes an autostart entry that starts hidden, and removes it again', async () => {
    const path = join(dir, 'autostart', 'plexkey.desktop')
    expect(await applyOpenAtLogin(true, context('linux'))).toEqual({ ok: true, value: undefined })
    expect(await readFile(path, 'utf8')).toContain('Exec="/opt/Plexkey/plexkey" "--hidden"')
    expect((await stat(path)).mode & 0o777).toBe(0o644)
    expect(await applyOpenAtLogin(false, context('linux'))).toEqual({ ok: true, value: undefined })
    await expect(stat(path)).rejects.toThrow()
    // Turning off what is already off is fine.
    expect((await applyOpenAtLogin(false, context('linux'))).ok).toBe(true)
    expect(applied).toEqual([])
  })

  it('on macOS and Windows asks Electron', async () => {
    expect((await applyOpenAtLogin(true, context('darwin'))).ok).toBe(true)
    expect((await applyOpenAtLogin(false, context('win32'))).ok).toBe(true)
    expect(applied).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ])
  })

  it('says plainly when the entry cannot be written', async () => {
    // A file where the config folder should be: no folder can be made below it (even as root).
    const blocker = join(dir, 'not-a-folder')
    await writeFile(blocker, '')
    const result = await applyOpenAtLogin(true, { ...context('linux'), env: { XDG_CONFIG_HOME: blocker } })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toContain(`${blocker}/autostart/plexkey.desktop`)
  })
})
