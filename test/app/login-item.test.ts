import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyOpenAtLogin, autostartEntry, autostartPath, launchCommand, type LoginItemContext } from '../../main/app/login-item'

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
  it('writes Exec as the desktop entry spec requires: %% for %, quoted, then string-escaped', () => {
    const entry = autostartEntry(['/home/a b/100% "x"/back\\slash/Plexkey.AppImage', '--hidden', '$`%u'])
    // `\` -> `\\` (quoting) -> `\\\\` (string escape); `"` -> `\"` -> `\\"`; `$` -> `\\$`.
    expect(entry).toContain(
      String.raw`Exec="/home/a b/100%% \\"x\\"/back\\\\slash/Plexkey.AppImage" "--hidden" "\\$\\` + '`%%u"\n',
    )
    expect(entry.startsWith('[Desktop Entry]\nType=Application\nName=Plexkey\n')).toBe(true)
  })

  it('keeps a newline or a tab in an argument inside the Exec line', () => {
    const entry = autostartEntry(['/opt/p', 'a\nb\tc\rd'])
    expect(entry).toContain(String.raw`Exec="/opt/p" "a\nb\tc\rd"` + '\n')
    expect(entry.split('\n').filter((line) => line.startsWith('Exec='))).toHaveLength(1)
  })

  it('starts the program GLib reads from it with every argument intact', async () => {
    // GLib's own desktop-entry reader (gio launch, as GNOME's autostart uses it) runs the entry.
    // The program's folder has a space, quotes, a backslash, `$` and a backtick in its name.
    const folder = join(dir, 'odd "dir" \\ $HOME `id`')
    await mkdir(folder)
    const recorded = join(dir, 'argv')
    const program = join(folder, 'record-argv')
    await writeFile(program, `#!/bin/sh\nprintf '%s\\0' "$0" "$@" > '${recorded}.part' && mv '${recorded}.part' '${recorded}'\n`, { mode: 0o755 })
    const args = ['--hidden', '100%', '%u', 'quote"d', "it's", 'back\\slash\\', '$HOME', '`id`', 'two words', 'line\nbreak\ttab']
    const desktopFile = join(dir, 'plexkey.desktop')
    await writeFile(desktopFile, autostartEntry([program, ...args]))

    await promisify(execFile)('gio', ['launch', desktopFile])
    const argv = (await eventually(() => readFile(recorded, 'utf8'))).split('\0').slice(0, -1)
    expect(argv).toEqual([program, ...args])
  })
})

/** Retries a read until the file appears (gio launch returns once the program is started); gives up after 500 tries. */
async function eventually<T>(read: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await read()
    } catch (error) {
      if (tries >= 500) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

describe('launchCommand', () => {
  const packaged = { isPackaged: true, appPath: '/opt/Plexkey/resources/app.asar' }

  it('names the AppImage when the binary runs from its mount', () => {
    const env = { APPIMAGE: '/home/ada/Apps/Plexkey.AppImage', APPDIR: '/tmp/.mount_PlexkeXy12' }
    expect(launchCommand({ ...packaged, execPath: '/tmp/.mount_PlexkeXy12/plexkey', env })).toEqual(['/home/ada/Apps/Plexkey.AppImage'])
  })

  it.each([
    ['a .deb install that inherited APPIMAGE', { APPIMAGE: '/home/ada/Apps/Other.AppImage', APPDIR: '/tmp/.mount_OtherAb12' }],
    ['APPIMAGE without APPDIR', { APPIMAGE: '/home/ada/Apps/Plexkey.AppImage' }],
    ['an APPDIR that only shares a prefix', { APPIMAGE: '/x/P.AppImage', APPDIR: '/opt/Plex' }],
    ['a relative APPIMAGE', { APPIMAGE: 'Plexkey.AppImage', APPDIR: '/opt' }],
  ])('keeps the installed binary for %s', (_, env) => {
    expect(launchCommand({ ...packaged, execPath: '/opt/Plexkey/plexkey', env })).toEqual(['/opt/Plexkey/plexkey'])
  })

  it('starts electron with the app path when not packaged', () => {
    const env = { APPIMAGE: '/x/P.AppImage', APPDIR: '/usr' }
    expect(launchCommand({ isPackaged: false, execPath: '/usr/bin/electron', appPath: '/src/plexkey', env })).toEqual(['/usr/bin/electron', '/src/plexkey'])
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
