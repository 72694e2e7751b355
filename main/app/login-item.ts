import { unlink } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import type { Result } from '../../preload/api'
import { writeFileAtomic } from '../core/config/atomic-file'
import { fileErrorReason } from '../core/config/file-error'
import { fail, okVoid } from '../core/result'

/** Passed when the OS starts Plexkey at login: it then stays in the tray. */
export const HIDDEN_FLAG = '--hidden'

/** The escapes of a desktop entry string value (the spec's `\\`, `\n`, `\t`, `\r`). */
const STRING_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' }

/**
 * One argument of a desktop entry's Exec key, in the three layers the freedesktop Desktop Entry
 * spec stacks, innermost first:
 * - field codes: a literal `%` is written `%%` (else `%f`, `%u`... would be expanded);
 * - quoting: the argument in double quotes, with `"`, `` ` ``, `$` and `\` escaped by a backslash;
 * - the escapes of every string value, undone first by readers: `\` as `\\`, and newline, tab and
 *   carriage return as `\n`, `\t`, `\r` (a raw newline would end the key).
 * So a literal backslash ends up as four backslashes, and `$` as `\\$`, as the spec's examples show.
 */
function quoteExecArg(arg: string): string {
  const quoted = `"${arg.replace(/%/g, '%%').replace(/(["`$\\])/g, '\\$1')}"`
  return quoted.replace(/[\\\n\t\r]/g, (c) => STRING_ESCAPES[c] ?? c)
}

/** The XDG autostart entry that starts Plexkey at login on Linux. */
export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Plexkey',
    'Comment=Keeps this desktop signed in to Plex',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** `$XDG_CONFIG_HOME/autostart/plexkey.desktop` (when absolute), else under ~/.config. */
export function autostartPath(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  const xdg = env['XDG_CONFIG_HOME']
  const base = xdg && xdg.startsWith('/') ? xdg : join(homedir, '.config')
  return join(base, 'autostart', 'plexkey.desktop')
}

export interface LaunchFacts {
  readonly isPackaged: boolean
  /** process.execPath: the Electron binary, inside the AppImage's mount when run from one. */
  readonly execPath: string
  /** app.getAppPath(), for an unpackaged run (`electron <app>`). */
  readonly appPath: string
  readonly env: Readonly<Record<string, string | undefined>>
}

/** True when `path` lies inside the directory `dir`. */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/**
 * The command that starts this app again at login. An AppImage's runtime mounts the image at
 * `APPDIR` and runs the binary from there, naming the image itself in `APPIMAGE`; the mount is
 * gone after exit, so the entry must name the image. But `APPIMAGE` is only an environment
 * variable: inherited or set by anyone, it is believed only when this binary runs from `APPDIR`.
 */
export function launchCommand(facts: LaunchFacts): readonly string[] {
  if (!facts.isPackaged) return [facts.execPath, facts.appPath]
  const image = facts.env['APPIMAGE']
  const mount = facts.env['APPDIR']
  const fromImage = image !== undefined && isAbsolute(image) && mount !== undefined && isAbsolute(mount) && isInside(facts.execPath, mount)
  return [fromImage ? image : facts.execPath]
}

export interface LoginItemContext {
  readonly platform: NodeJS.Platform
  readonly env: Readonly<Record<string, string | undefined>>
  readonly homedir: string
  /** The command that starts this app (the AppImage, the installed binary, or electron + app path). */
  readonly command: readonly string[]
  /** Electron's app.setLoginItemSettings, which covers macOS and Windows only. */
  readonly setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => void
}

/** Turns "start at login" on or off the way each OS expects. */
export async function applyOpenAtLogin(enabled: boolean, context: LoginItemContext): Promise<Result<void>> {
  if (context.platform === 'darwin' || context.platform === 'win32') {
    context.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] })
    return okVoid
  }
  const path = autostartPath(context.env, context.homedir)
  try {
    if (enabled) await writeFileAtomic(path, autostartEntry([...context.command, HIDDEN_FLAG]), { mode: 0o644 })
    else await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    return okVoid
  } catch (error) {
    return fail('unknown', `Plexkey could not change its login item ${path} (${fileErrorReason(error)}).`, true)
  }
}
