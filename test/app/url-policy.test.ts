import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, isAppUrl } from '../../main/app/url-policy'

describe('isAppUrl', () => {
  it('accepts our own origin', () => {
    expect(isAppUrl('app://plexkey/index.html', APP_ORIGIN)).toBe(true)
    expect(isAppUrl('app://plexkey/assets/index-abc.js', APP_ORIGIN)).toBe(true)
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
  })

  it.each([
    'app://plexkey.evil/index.html',
    'app://evil/index.html',
    'app://user@plexkey/index.html',
    'file:///work/main/out/renderer/index.html',
    'https://plexkey/index.html',
    'http://localhost:5174/',
    'about:blank',
    'javascript:alert(1)',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url, APP_ORIGIN)).toBe(false)
  })

  it('compares whole origins, never prefixes', () => {
    expect(isAppUrl('http://localhost:51730/', 'http://localhost:5173')).toBe(false)
  })
})
