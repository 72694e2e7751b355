import { describe, expect, it } from 'vitest'
import { browserUnavailable, openBrowser } from '../../main/cli/open-browser'

// Only refusals and the no-display case run here: an address that passes with a display would start
// a real browser.
describe('openBrowser', () => {
  const withDisplay = { platform: 'linux' as const, env: { DISPLAY: ':0' } }

  it.each([
    'https://evil.example/auth#?code=x',
    'https://app.plex.tv.evil.example/auth',
    'http://app.plex.tv/auth',
    'https://app.plex.tv:8443/auth',
    'https://user@app.plex.tv/auth',
    'file:///etc/passwd',
    '--help',
  ])('refuses %s, as the app does, without starting anything', async (url) => {
    expect(await openBrowser(url, withDisplay)).toEqual({ kind: 'skipped', why: 'the address is not a plex.tv sign-in page' })
  })

  it('lets plex.tv\'s sign-in page through, then needs a display', async () => {
    expect(await openBrowser('https://app.plex.tv/auth#?code=abc', { platform: 'linux', env: {} })).toEqual({
      kind: 'skipped',
      why: 'there is no display',
    })
  })

  it('admits the page PLEXKEY_AUTH_URL names, and only its origin', async () => {
    const env = { PLEXKEY_AUTH_URL: 'http://127.0.0.1:8787/auth' }
    expect(await openBrowser('http://127.0.0.1:8787/auth#?code=abc', { platform: 'linux', env })).toEqual({ kind: 'skipped', why: 'there is no display' })
    expect(await openBrowser('http://127.0.0.1:9999/auth', { platform: 'linux', env: { ...env, DISPLAY: ':0' } })).toEqual({
      kind: 'skipped',
      why: 'the address is not a plex.tv sign-in page',
    })
  })

  it.each([
    ['SSH_CONNECTION', '192.0.2.7 50022 192.0.2.1 22'],
    ['SSH_CLIENT', '192.0.2.7 50022 22'],
    ['SSH_TTY', '/dev/pts/3'],
  ])('in an SSH session (%s) opens nothing, display or not, on every platform: it would open on the far machine', async (name, value) => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(browserUnavailable({ platform, env: { DISPLAY: ':0', [name]: value } })).toBe('this is an SSH session')
    }
    expect(await openBrowser('https://app.plex.tv/auth#?code=abc', { platform: 'linux', env: { DISPLAY: ':0', [name]: value } })).toEqual({
      kind: 'skipped',
      why: 'this is an SSH session',
    })
  })

  it('on a desktop a browser may open: a display on Linux, always on macOS and Windows', () => {
    expect(browserUnavailable(withDisplay)).toBeNull()
    expect(browserUnavailable({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } })).toBeNull()
    expect(browserUnavailable({ platform: 'darwin', env: {} })).toBeNull()
    expect(browserUnavailable({ platform: 'win32', env: {} })).toBeNull()
  })
})
