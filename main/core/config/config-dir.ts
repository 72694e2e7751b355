import { posix, win32 } from 'node:path'

/** Electron's userData folder name: the product name. The CLI must land in the same folder. */
const PRODUCT_DIR = 'Plexkey'

/**
 * Where Plexkey keeps its files: Electron's `userData` for product `Plexkey`, computed without
 * Electron so the CLI and the app share one client id. `PLEXKEY_CONFIG_DIR` overrides it.
 *
 * Linux and other Unixes: `$XDG_CONFIG_HOME/Plexkey` (only when absolute, as the XDG spec says),
 * else `~/.config/Plexkey`; macOS: `~/Library/Application Support/Plexkey`; Windows:
 * `%APPDATA%\Plexkey`, else `<home>\AppData\Roaming\Plexkey`.
 */
export function resolveConfigDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  homedir: string,
): string {
  const path = platform === 'win32' ? win32 : posix
  const override = env['PLEXKEY_CONFIG_DIR']
  if (override) return path.resolve(override)
  if (platform === 'win32') {
    const appData = env['APPDATA']
    return path.join(appData && path.isAbsolute(appData) ? appData : path.join(homedir, 'AppData', 'Roaming'), PRODUCT_DIR)
  }
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Application Support', PRODUCT_DIR)
  const xdg = env['XDG_CONFIG_HOME']
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir, '.config'), PRODUCT_DIR)
}
