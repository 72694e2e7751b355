import { describe, expect, it } from 'vitest'
import { matchServer } from '../../main/core/servers/match-server'
import { safeLabel, unavailableSentence } from '../../main/core/servers/server-text'

const SERVERS = [
  { name: 'Cabin', clientIdentifier: 'aaa' },
  { name: 'cabin', clientIdentifier: 'bbb' },
  { name: 'Basement', clientIdentifier: 'ccc' },
  { name: 'Straße', clientIdentifier: 'ddd' },
  { name: 'Twin', clientIdentifier: 'eee' },
  { name: 'Twin', clientIdentifier: 'fff' },
]

describe('naming a server', () => {
  it('by its name without regard to case, or by its identifier', () => {
    expect(matchServer(SERVERS, 'basement')).toEqual({ kind: 'found', server: SERVERS[2] })
    expect(matchServer(SERVERS, 'STRAßE')).toEqual({ kind: 'found', server: SERVERS[3] })
    expect(matchServer(SERVERS, 'fff')).toEqual({ kind: 'found', server: SERVERS[5] })
    expect(matchServer(SERVERS, 'bbb')).toEqual({ kind: 'found', server: SERVERS[1] })
  })

  it('is ambiguous when the name fits more than one server, even one that has it exactly', () => {
    // A shared "Basement" must not take `--server Basement` from your own "basement".
    const servers = [
      { name: 'basement', clientIdentifier: 'mine', owned: true },
      { name: 'Basement', clientIdentifier: 'theirs', owned: false },
    ]
    expect(matchServer(servers, 'Basement')).toEqual({ kind: 'ambiguous', candidates: servers })
    expect(matchServer(SERVERS, 'Cabin')).toEqual({ kind: 'ambiguous', candidates: [SERVERS[0], SERVERS[1]] })
    expect(matchServer(SERVERS, 'Twin')).toEqual({ kind: 'ambiguous', candidates: [SERVERS[4], SERVERS[5]] })
    expect(matchServer(servers, 'theirs')).toEqual({ kind: 'found', server: servers[1] })
  })

  it('sees through characters that are not drawn: a zero-width space or a tag character makes no other name', () => {
    const servers = [
      { name: 'Basement', clientIdentifier: 'mine' },
      { name: 'Base\u200bment\u{e0041}', clientIdentifier: 'theirs' },
    ]
    expect(matchServer(servers, 'basement')).toEqual({ kind: 'ambiguous', candidates: servers })
  })

  it('is unknown when none fits', () => {
    expect(matchServer(SERVERS, 'Attic')).toEqual({ kind: 'unknown' })
    expect(matchServer(SERVERS, '')).toEqual({ kind: 'unknown' })
    expect(matchServer([{ name: '\u200b', clientIdentifier: 'x' }], '\u200d')).toEqual({ kind: 'unknown' })
  })
})

describe('text from plex.tv, shown', () => {
  it('loses control characters, escapes and bidi overrides, and is bounded', () => {
    expect(safeLabel('\u001b]0;pwned\u0007Ünïcödé 山田の\u202e revres \u001b[2J')).toBe(']0;pwned Ünïcödé 山田の revres [2J')
    expect(safeLabel('a\r\nb\u0085c\u2066d')).toBe('a b c d')
    const long = safeLabel('山'.repeat(500))
    expect([...long]).toHaveLength(80)
    expect(long.endsWith('…')).toBe(true)
    expect(safeLabel('\u0007\u0000')).toBe('(unnamed)')
  })

  it('loses every format character (\\p{Cf}): zero-width ones and tag characters, so two names cannot look alike', () => {
    expect(safeLabel('Base\u200bment\u200c\u200d\u2060\ufeff\u00ad')).toBe('Basement')
    expect(safeLabel('Basement\u{e0001}\u{e0041}\u{e007f}')).toBe('Basement')
    expect(safeLabel('\u200b\u{e0020}')).toBe('(unnamed)')
    // Every code point of the class, one after another, leaves nothing.
    const formats = Array.from({ length: 0x110000 }, (_, code) => code)
      .filter((code) => (code < 0xd800 || code > 0xdfff) && /\p{Cf}/u.test(String.fromCodePoint(code)))
      .map((code) => String.fromCodePoint(code))
    expect(formats.length).toBeGreaterThan(150)
    expect(safeLabel(`a${formats.join('')}b`)).toMatch(/^a ?b$/)
  })

  it('says why a server cannot be used and names every address tried', () => {
    expect(
      unavailableSentence('Attic', { kind: 'offline', tried: [{ uri: 'http://127.0.0.1:9', kind: 'local', failure: 'refused' }] }, true, ''),
    ).toBe('Attic is offline: plex.tv has not heard from it lately. Tried http://127.0.0.1:9 (local: refused).')
    expect(
      unavailableSentence(
        'Garage\u001b[31m',
        {
          kind: 'unreachable',
          tried: [
            { uri: 'http://127.0.0.1:1', kind: 'remote', failure: 'wrong-server' },
            { uri: 'http://127.0.0.1:2', kind: 'relay', failure: 'no-answer' },
          ],
        },
        true,
        '',
      ),
    ).toBe('Garage [31m could not be reached from this computer. Tried http://127.0.0.1:1 (remote: another server answered), http://127.0.0.1:2 (relay: no answer).')
    expect(unavailableSentence('Friend', { kind: 'unreachable', tried: [] }, false, '')).toMatch(/Nothing was tried: .*shared server’s local addresses are not tried/)
  })
})
