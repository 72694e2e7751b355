import { describe, expect, it } from 'vitest'
import type { PlexConnection } from '../../main/core/plex/plex-types'
import { candidatesFor } from '../../main/core/servers/candidates'

function connection(uri: string, local: boolean, relay = false): PlexConnection {
  const url = new URL(uri)
  return { protocol: url.protocol.slice(0, -1), address: url.hostname, port: Number(url.port), uri, local, relay, ipv6: false }
}

// Listed worst first, to show the order is Plexkey's, not plex.tv's.
const LISTED: readonly PlexConnection[] = [
  connection('http://10.0.0.9:8080', false, true),
  connection('https://10-0-0-9.abc.plex.direct:8443', false, true),
  connection('http://203.0.113.7:32400', false),
  connection('https://203-0-113-7.abc.plex.direct:32400', false),
  connection('http://192.168.1.20:32400', true),
  connection('https://192-168-1-20.abc.plex.direct:32400', true),
]

describe('the order in which a server’s addresses are preferred', () => {
  it('owned: local, then remote, then relay, https before http at each level', () => {
    expect(candidatesFor({ owned: true, connections: LISTED }).map((c) => `${c.kind} ${c.uri}`)).toEqual([
      'local https://192-168-1-20.abc.plex.direct:32400',
      'local http://192.168.1.20:32400',
      'remote https://203-0-113-7.abc.plex.direct:32400',
      'remote http://203.0.113.7:32400',
      'relay https://10-0-0-9.abc.plex.direct:8443',
      'relay http://10.0.0.9:8080',
    ])
  })

  it('shared: local addresses are never candidates', () => {
    expect(candidatesFor({ owned: false, connections: LISTED }).map((c) => c.kind)).toEqual(['remote', 'remote', 'relay', 'relay'])
  })

  it('keeps plex.tv’s order between equals, and drops repeats and addresses that are no http(s) origin', () => {
    const listed = [
      connection('http://192.168.1.21:32400', true),
      connection('http://192.168.1.20:32400', true),
      { ...connection('http://192.168.1.21:32400', true), uri: 'http://192.168.1.21:32400/' },
      { ...connection('http://192.168.1.22:1', true), uri: 'ftp://192.168.1.22:1' },
      { ...connection('http://192.168.1.23:1', true), uri: 'http://user:secret@192.168.1.23:1' },
      { ...connection('http://192.168.1.24:1', true), uri: 'not a url' },
    ]
    expect(candidatesFor({ owned: true, connections: listed }).map((c) => c.uri)).toEqual([
      'http://192.168.1.21:32400',
      'http://192.168.1.20:32400',
    ])
  })
})
