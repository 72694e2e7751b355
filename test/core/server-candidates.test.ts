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

// Plain http only, as a server with secure connections turned off is listed.
const HTTP_ONLY: readonly PlexConnection[] = [
  connection('http://203.0.113.7:32400', false),
  connection('http://192.168.1.20:32400', true),
  connection('http://127.0.0.1:32400', true),
  connection('http://[::1]:32401', true),
]

const described = (list: ReturnType<typeof candidatesFor>): string[] =>
  list.map((c) => `${c.kind} ${c.uri}${c.encrypted ? '' : ' (unencrypted)'}`)

describe('the order in which a server’s addresses are preferred', () => {
  it('owned: local, then remote, then relay; plain http off this machine dropped once any https address is listed', () => {
    expect(described(candidatesFor({ owned: true, httpsRequired: false, connections: LISTED }))).toEqual([
      'local https://192-168-1-20.abc.plex.direct:32400',
      'remote https://203-0-113-7.abc.plex.direct:32400',
      'relay https://10-0-0-9.abc.plex.direct:8443',
    ])
  })

  it('shared: local addresses are never candidates', () => {
    expect(candidatesFor({ owned: false, httpsRequired: false, connections: LISTED }).map((c) => c.kind)).toEqual(['remote', 'relay'])
  })

  it('ranks every https address above every http one, whatever their levels', () => {
    const listed = [connection('http://127.0.0.1:32400', true), connection('https://10-0-0-9.abc.plex.direct:8443', false, true)]
    expect(described(candidatesFor({ owned: true, httpsRequired: false, connections: listed }))).toEqual([
      'relay https://10-0-0-9.abc.plex.direct:8443',
      'local http://127.0.0.1:32400',
    ])
  })

  it('keeps plain http when nothing else is listed, marking what leaves this machine as unencrypted', () => {
    expect(described(candidatesFor({ owned: true, httpsRequired: false, connections: HTTP_ONLY }))).toEqual([
      'local http://192.168.1.20:32400 (unencrypted)',
      'local http://127.0.0.1:32400',
      'local http://[::1]:32401',
      'remote http://203.0.113.7:32400 (unencrypted)',
    ])
  })

  it('drops plain http off this machine when plex.tv says the server requires https', () => {
    expect(described(candidatesFor({ owned: true, httpsRequired: true, connections: HTTP_ONLY }))).toEqual([
      'local http://127.0.0.1:32400',
      'local http://[::1]:32401',
    ])
  })

  it('counts only this machine’s own names as loopback, not look-alikes', () => {
    const listed = ['http://127.0.0.2:1', 'http://localhost.example:1', 'http://0.0.0.0:1', 'http://[::ffff:192.168.1.20]:1'].map((uri) =>
      connection(uri, true),
    )
    expect(candidatesFor({ owned: true, httpsRequired: false, connections: listed }).map((c) => c.encrypted)).toEqual([false, false, false, false])
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
    expect(candidatesFor({ owned: true, httpsRequired: false, connections: listed }).map((c) => c.uri)).toEqual([
      'http://192.168.1.21:32400',
      'http://192.168.1.20:32400',
    ])
  })
})
