import { describe, expect, it } from 'vitest'
import { isLoopbackHost, PLEX_ENDPOINTS, resolvePlexEndpoints } from '../../main/core/plex/endpoints'
import { errorOf, unwrap } from '../support/result-parts'

describe('resolvePlexEndpoints', () => {
  it('defaults to plex.tv, and PLEXKEY_PLEX_URL replaces both API hosts', () => {
    expect(unwrap(resolvePlexEndpoints({}))).toEqual(PLEX_ENDPOINTS)
    expect(PLEX_ENDPOINTS).toEqual({ api: 'https://plex.tv', clients: 'https://clients.plex.tv', auth: 'https://app.plex.tv/auth' })
    expect(
      unwrap(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: 'http://127.0.0.1:8787/', PLEXKEY_AUTH_URL: 'http://127.0.0.1:8787/auth' })),
    ).toEqual({ api: 'http://127.0.0.1:8787', clients: 'http://127.0.0.1:8787', auth: 'http://127.0.0.1:8787/auth' })
  })

  it.each([
    'https://plex.example.com',
    'https://10.0.0.5:32400/base',
    'http://127.0.0.1:41234',
    'http://localhost:8787',
    'http://LOCALHOST:8787',
    'http://[::1]:8787',
  ])('accepts %s (https anywhere, http on this machine only)', (url) => {
    expect(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: url, PLEXKEY_AUTH_URL: `${url}/auth` }).ok).toBe(true)
  })

  it.each([
    ['another host', 'http://plex.example.com'],
    ['a LAN address', 'http://192.168.1.10:32400'],
    ['a look-alike of localhost', 'http://localhost.evil.example'],
    ['another scheme', 'ftp://127.0.0.1'],
    ['a file', 'file:///etc/passwd'],
  ])('refuses %s, naming the variable and the rule', (_what, url) => {
    for (const name of ['PLEXKEY_PLEX_URL', 'PLEXKEY_AUTH_URL']) {
      expect(errorOf(resolvePlexEndpoints({ [name]: url }))).toEqual({
        code: 'invalid-argument',
        message: `${name} must be an https URL (http only for 127.0.0.1, ::1 or localhost): "${url}".`,
        retryable: false,
      })
    }
  })

  it('refuses what is not a URL, credentials, a query or a fragment', () => {
    expect(errorOf(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: 'not a url' })).message).toBe('PLEXKEY_PLEX_URL is not a valid URL: "not a url".')
    expect(errorOf(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: 'https://user:pw@x.example' })).message).toBe(
      'PLEXKEY_PLEX_URL must not carry a user name or password.',
    )
    // Credentials are refused before the https rule, whose message would echo the value; a
    // loopback look-alike in the user part is refused the same way.
    for (const url of ['http://user:s3cret@x.example', 'http://127.0.0.1@evil.example']) {
      expect(errorOf(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: url })).message).toBe(
        'PLEXKEY_PLEX_URL must not carry a user name or password.',
      )
    }
    expect(errorOf(resolvePlexEndpoints({ PLEXKEY_PLEX_URL: 'https://x/?a=1' })).message).toMatch(/must not carry a query/)
    expect(errorOf(resolvePlexEndpoints({ PLEXKEY_AUTH_URL: 'https://x/auth#frag' })).message).toMatch(/^PLEXKEY_AUTH_URL must not carry/)
  })
})

describe('isLoopbackHost', () => {
  it('knows the loopback names as URL.hostname spells them, and nothing else', () => {
    for (const host of ['127.0.0.1', '[::1]', 'localhost']) expect(isLoopbackHost(host)).toBe(true)
    for (const host of ['127.0.0.2', '::1', 'localhost.example', '0.0.0.0', 'plex.tv']) expect(isLoopbackHost(host)).toBe(false)
  })
})
