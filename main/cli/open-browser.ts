import { spawn } from 'node:child_process'
import { isAllowedExternalUrl, originOf } from '../core/url/external-url-policy'

export type BrowserOutcome =
  | { readonly kind: 'opened' }
  | { readonly kind: 'skipped'; readonly why: string }
  | { readonly kind: 'failed'; readonly why: string }

export interface OpenBrowserOptions {
  readonly platform: NodeJS.Platform
  readonly env: Readonly<Record<string, string | undefined>>
}

function opener(platform: NodeJS.Platform, url: string): readonly [string, readonly string[]] {
  if (platform === 'darwin') return ['open', [url]]
  // Not `cmd /c start`: cmd.exe splits the address at every `&`, and the sign-in address has many.
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]]
  return ['xdg-open', [url]]
}

/**
 * Why no browser can be opened here for the person at this terminal, or null when one may be. In
 * an SSH session a browser would open on the far machine, if anywhere, not in front of them.
 */
export function browserUnavailable(options: OpenBrowserOptions): string | null {
  const { platform, env } = options
  if (env['SSH_CONNECTION'] || env['SSH_CLIENT'] || env['SSH_TTY']) return 'this is an SSH session'
  if (platform !== 'darwin' && platform !== 'win32' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    return 'there is no display'
  }
  return null
}

/**
 * Opens the address in the system browser, detached so the browser outlives us. Never throws:
 * the address is always printed as well, so a browser that does not open costs nothing.
 */
export function openBrowser(url: string, options: OpenBrowserOptions): Promise<BrowserOutcome> {
  // The app's own rule for the system browser: https on plex.tv's sign-in hosts, or the page
  // PLEXKEY_AUTH_URL names (already checked to be https, or http on this machine).
  const authUrl = options.env['PLEXKEY_AUTH_URL']
  const authOrigin = authUrl ? originOf(authUrl) : null
  if (!isAllowedExternalUrl(url, authOrigin ? [authOrigin] : [])) {
    return Promise.resolve({ kind: 'skipped', why: 'the address is not a plex.tv sign-in page' })
  }
  const unavailable = browserUnavailable(options)
  if (unavailable !== null) return Promise.resolve({ kind: 'skipped', why: unavailable })
  const [command, args] = opener(options.platform, url)
  return new Promise((resolve) => {
    try {
      const child = spawn(command, [...args], { detached: true, stdio: 'ignore' })
      child.once('error', (error) => resolve({ kind: 'failed', why: `${command}: ${error.message}` }))
      child.once('spawn', () => {
        child.unref()
        resolve({ kind: 'opened' })
      })
    } catch (error) {
      resolve({ kind: 'failed', why: error instanceof Error ? error.message : String(error) })
    }
  })
}
