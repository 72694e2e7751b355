import { describe, expect, it } from 'vitest'
import { networkFailureOf } from '../../main/core/net/network-failure'

// One reading of a failed fetch, for Node's fetch (a code on the cause) and Electron's net (a bare
// Error('net::ERR_…') as the cause, with no code).

const nodeFailure = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) })
const electronFailure = (name: string) => new TypeError('fetch failed', { cause: new Error(name) })

describe('networkFailureOf', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'certificate'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'certificate'],
    ['ENOTFOUND', 'unresolved'],
    ['ECONNRESET', 'other'],
  ])('reads Node’s %s as %s', (code, kind) => {
    expect(networkFailureOf(nodeFailure(code))).toEqual({ kind, detail: code })
  })

  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'refused'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'certificate'],
    ['net::ERR_CERT_DATE_INVALID', 'certificate'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'certificate'],
    ['net::ERR_NAME_NOT_RESOLVED', 'unresolved'],
    ['net::ERR_CONNECTION_RESET', 'other'],
    ['net::ERR_EMPTY_RESPONSE', 'other'],
  ])('reads Electron’s %s as %s', (name, kind) => {
    expect(networkFailureOf(electronFailure(name))).toEqual({ kind, detail: name })
  })

  it('reads a net:: name only as a whole message, and falls back to the innermost message', () => {
    expect(networkFailureOf(electronFailure('see net::ERR_CONNECTION_REFUSED'))).toEqual({
      kind: 'other',
      detail: 'see net::ERR_CONNECTION_REFUSED',
    })
    expect(networkFailureOf('offline')).toEqual({ kind: 'other', detail: 'offline' })
  })

  it('stops on a cause chain that loops', () => {
    const looped: Error & { cause?: unknown } = new Error('fetch failed')
    looped.cause = looped
    expect(networkFailureOf(looped)).toEqual({ kind: 'other', detail: 'fetch failed' })
  })
})
