import { describe, expect, it } from 'vitest'
import { needsAcceptanceCheck, serverAcceptsToken } from '../../main/core/servers/server-accepts-token'
import { useFakeMediaServers } from '../support/fake-media-servers'

const media = useFakeMediaServers([
  {
    name: 'Den',
    owned: true,
    presence: true,
    refusesJwt: true,
    connections: [
      { kind: 'live', local: true },
      { kind: 'refused', local: false },
    ],
  },
  { name: 'Attic', owned: true, presence: true, connections: [{ kind: 'live', local: false, https: true }] },
])

const jwtShaped = `${Buffer.from('{"alg":"EdDSA"}').toString('base64url')}.${Buffer.from('{"exp":9999999999}').toString('base64url')}.c2ln`

describe('serverAcceptsToken', () => {
  it('accepted: the server answers 200 to its own token, asked once at that address and nowhere else', async () => {
    const den = media.fake.mediaServer('Den')
    const uri = media.uriOf('Den', 0)
    expect(await serverAcceptsToken(media.trustingFetch, uri, den.accessToken)).toBe('accepted')
    expect(media.fake.mediaRequests().map((r) => [r.uri, r.path, r.token])).toEqual([[uri, '/', den.accessToken]])
  })

  it('refused: a token the server never issued (a Plex JWT it does not take) is a 401', async () => {
    expect(await serverAcceptsToken(media.trustingFetch, media.uriOf('Den', 0), jwtShaped)).toBe('refused')
  })

  it('over https with the certificate checked, as every other request', async () => {
    const attic = media.fake.mediaServer('Attic')
    expect(await serverAcceptsToken(media.trustingFetch, media.uriOf('Attic', 0), attic.accessToken)).toBe('accepted')
    // Node's own fetch does not trust the fake's certificate: no answer, so nothing is known.
    expect(await serverAcceptsToken(fetch, media.uriOf('Attic', 0), attic.accessToken)).toBe('unknown')
  })

  it('unknown: an address that refuses the connection is no verdict on the token', async () => {
    expect(await serverAcceptsToken(media.trustingFetch, media.uriOf('Den', 1), jwtShaped)).toBe('unknown')
  })

  it('unknown when the caller gives up first', async () => {
    const abort = new AbortController()
    abort.abort()
    expect(await serverAcceptsToken(media.trustingFetch, media.uriOf('Den', 0), jwtShaped, abort.signal)).toBe('unknown')
  })

  it('checks only Plex JWTs', () => {
    expect(needsAcceptanceCheck(jwtShaped)).toBe(true)
    expect(needsAcceptanceCheck('abcdEFGH1234-xyz_0000')).toBe(false)
  })
})
