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
  it('takes an exact name first, even where another differs only in case', () => {
    expect(matchServer(SERVERS, 'Cabin')).toEqual({ kind: 'found', server: SERVERS[0] })
    expect(matchServer(SERVERS, 'cabin')).toEqual({ kind: 'found', server: SERVERS[1] })
  })

  it('then the clientIdentifier, then the name without regard to case', () => {
    expect(matchServer(SERVERS, 'fff')).toEqual({ kind: 'found', server: SERVERS[5] })
    expect(matchServer(SERVERS, 'BASEMENT')).toEqual({ kind: 'found', server: SERVERS[2] })
    expect(matchServer(SERVERS, 'STRAßE')).toEqual({ kind: 'found', server: SERVERS[3] })
  })

  it('is ambiguous when two match at the same step, and unknown when none does', () => {
    expect(matchServer(SERVERS, 'CABIN')).toEqual({ kind: 'ambiguous', candidates: [SERVERS[0], SERVERS[1]] })
    expect(matchServer(SERVERS, 'Twin')).toEqual({ kind: 'ambiguous', candidates: [SERVERS[4], SERVERS[5]] })
    expect(matchServer(SERVERS, 'Attic')).toEqual({ kind: 'unknown' })
    expect(matchServer(SERVERS, '')).toEqual({ kind: 'unknown' })
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

  it('says why a server cannot be used and names every address tried', () => {
    expect(
      unavailableSentence('Attic', { kind: 'offline', tried: [{ uri: 'http://127.0.0.1:9', kind: 'local', failure: 'refused' }] }, true),
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
      ),
    ).toBe('Garage [31m could not be reached from this computer. Tried http://127.0.0.1:1 (remote: another server answered), http://127.0.0.1:2 (relay: no answer).')
    expect(unavailableSentence('Friend', { kind: 'unreachable', tried: [] }, false)).toMatch(/Nothing was tried: .*shared server’s local addresses are not tried/)
  })
})
