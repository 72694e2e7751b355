import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl, originOf } from '../../main/core/url/external-url-policy'

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://app.plex.tv/auth#?clientID=abc&code=def&context%5Bdevice%5D%5Bproduct%5D=Plexkey',
    'https://plex.tv/link',
    'https://plex.tv/link/?pin=ABCD',
    'https://support.plex.tv/articles/',
    'HTTPS://PLEX.TV/link',
    'https://plex.tv:443/link',
    // URL parsing decodes the host: this is plex.tv itself.
    'https://plex%2Etv/link',
  ])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true)
  })

  it.each([
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http:', 'http://plex.tv/link'],
    ['a look-alike suffix', 'https://plex.tv.evil.example/link'],
    ['a look-alike prefix', 'https://evilplex.tv/link'],
    ['another subdomain', 'https://forums.plex.tv/'],
    ['a user name', 'https://user@plex.tv/link'],
    ['a host hidden after userinfo', 'https://plex.tv@evil.example/'],
    ['a password', 'https://user:pass@plex.tv/'],
    ['another port', 'https://plex.tv:8443/'],
    ['a trailing dot', 'https://plex.tv./link'],
    ['smb:', 'smb://plex.tv/share'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['our own scheme', 'app://plexkey/index.html'],
    ['a relative path', '/link'],
    ['an empty string', ''],
    ['garbage', 'not a url'],
    ['a backslash trick', 'https://evil.example\\@plex.tv/'],
    ['an over-long URL', `https://plex.tv/${'a'.repeat(5000)}`],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })

  it.each([null, undefined, 42, {}, ['https://plex.tv/'], { href: 'https://plex.tv/' }])('refuses the non-string %j', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })

  it('admits an extra origin exactly, and nothing near it', () => {
    const extra = ['http://127.0.0.1:41234']
    expect(isAllowedExternalUrl('http://127.0.0.1:41234/auth#?code=x', extra)).toBe(true)
    expect(isAllowedExternalUrl('http://127.0.0.1:41235/auth', extra)).toBe(false)
    expect(isAllowedExternalUrl('http://localhost:41234/auth', extra)).toBe(false)
    expect(isAllowedExternalUrl('http://user@127.0.0.1:41234/auth', extra)).toBe(false)
    expect(isAllowedExternalUrl('file://127.0.0.1:41234/auth', extra)).toBe(false)
  })

  it('admits an extra http origin only on this machine: elsewhere http would carry the sign-in in the clear', () => {
    expect(isAllowedExternalUrl('http://localhost:8787/auth', ['http://localhost:8787'])).toBe(true)
    expect(isAllowedExternalUrl('http://[::1]:8787/auth', ['http://[::1]:8787'])).toBe(true)
    expect(isAllowedExternalUrl('http://sign-in.example:8787/auth', ['http://sign-in.example:8787'])).toBe(false)
    expect(isAllowedExternalUrl('http://192.168.1.10/auth', ['http://192.168.1.10'])).toBe(false)
    expect(isAllowedExternalUrl('https://sign-in.example:8443/auth', ['https://sign-in.example:8443'])).toBe(true)
  })
})

describe('originOf', () => {
  it('builds origins for custom schemes, where URL.origin says "null"', () => {
    expect(new URL('app://plexkey/x').origin).toBe('null')
    expect(originOf('app://plexkey/x')).toBe('app://plexkey')
    expect(originOf('https://plex.tv:443/x')).toBe('https://plex.tv')
    expect(originOf('about:blank')).toBeNull()
    expect(originOf('https://a:b@plex.tv/')).toBeNull()
  })
})
