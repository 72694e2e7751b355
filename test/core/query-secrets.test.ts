import { describe, expect, it } from 'vitest'
import { createLogger } from '../../main/core/log'
import { maskQuerySecrets, withoutQuerySecrets } from '../../main/core/plex/query-secrets'

describe('maskQuerySecrets', () => {
  it('masks the named parameter first, among others, in any case, and percent-encoded inside another address', () => {
    const names = ['pin']
    expect(maskQuerySecrets('POST https://clients.plex.tv/api/v2/home/users/ab12/switch?pin=4821 failed', names)).toBe(
      'POST https://clients.plex.tv/api/v2/home/users/ab12/switch?pin=[redacted] failed',
    )
    expect(maskQuerySecrets('/x?a=1&PIN=4821&b=2', names)).toBe('/x?a=1&PIN=[redacted]&b=2')
    expect(maskQuerySecrets('next=https%3A%2F%2Fh%2Fs%3Fpin%3D4821%26b%3D2', names)).toBe('next=https%3A%2F%2Fh%2Fs%3Fpin%3D[redacted]%26b%3D2')
    expect(maskQuerySecrets('/x?pin=12%2034#frag', names)).toBe('/x?pin=[redacted]#frag')
  })

  it('leaves alone what only looks alike: another name ending in it, the word in prose', () => {
    expect(maskQuerySecrets('/x?spin=5&pinned=1', ['pin'])).toBe('/x?spin=5&pinned=1')
    expect(maskQuerySecrets('the pin=4821 in prose', ['pin'])).toBe('the pin=4821 in prose')
  })
})

describe('withoutQuerySecrets', () => {
  it('masks messages and every string field, nested or inside an Error', () => {
    const lines: string[] = []
    const logger = withoutQuerySecrets(createLogger('t', { level: 'debug', sink: (line) => lines.push(line) }), ['deviceJWT', 'pin'])
    logger.debug('GET /p?deviceJWT=abc.def.ghi', { url: '/s?pin=4821', nested: { list: ['/s?pin=1357'] }, cause: new Error('to /s?pin=2468') })
    logger.warn('w /s?pin=9999')
    const all = lines.join('\n')
    for (const secret of ['abc.def.ghi', '4821', '1357', '2468', '9999']) expect(all).not.toContain(secret)
    expect(lines).toHaveLength(2)
    // Masked, not dropped: the error still says what failed.
    expect(all).toContain('to /s?pin=[redacted]')
    expect(all).toContain('"list":["/s?pin=[redacted]"]')
  })
})
