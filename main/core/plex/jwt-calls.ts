import { rememberSecret } from '../log'
import type { PlexCall } from './call-spec'
import { parseAuthKeys, parseAuthToken, parseNonce } from './jwt-schemas'
import type { CallOptions, PlexClient } from './plex-types'

/** The JWT endpoints on clients.plex.tv (nonce, token, keys), over the client's one request path. */
export function createJwtCalls(call: PlexCall): Pick<PlexClient, 'getNonce' | 'exchangeToken' | 'getAuthKeys'> {
  return {
    getNonce: (options: CallOptions = {}) =>
      call({ method: 'GET', host: 'clients', path: '/api/v2/auth/nonce', kind: 'jwt', signal: options.signal, parse: parseNonce }),

    exchangeToken: (deviceJwt, options: CallOptions = {}) => {
      rememberSecret(deviceJwt)
      return call({
        method: 'POST',
        host: 'clients',
        path: '/api/v2/auth/token',
        body: { jwt: deviceJwt },
        kind: 'jwt',
        signal: options.signal,
        parse: parseAuthToken,
      })
    },

    getAuthKeys: (options: CallOptions = {}) =>
      call({ method: 'GET', host: 'clients', path: '/api/v2/auth/keys', kind: 'jwt', signal: options.signal, parse: parseAuthKeys }),
  }
}
