import type { TokenCall } from './call-spec'
import { parseDevices, parseDeviceToken } from './device-schemas'
import { plexErrors } from './plex-error'
import type { CallOptions, PlexClient } from './plex-types'

/** Where the account is signed in: linking a new device's PIN, listing devices, removing one. */
export function createDeviceCalls(
  tokenCall: TokenCall,
  getUser: PlexClient['getUser'],
): Pick<PlexClient, 'linkPin' | 'listDevices' | 'deviceToken' | 'removeDevice' | 'tokenIsDead'> {
  return {
    // What plex.tv/link does for a signed-in account; plex.tv takes the code as a form field.
    linkPin: (token, code, options: CallOptions = {}) =>
      tokenCall<void>(token, { method: 'PUT', path: '/api/v2/pins/link', kind: 'link', form: { code }, signal: options.signal }),

    listDevices: (token, options: CallOptions = {}) =>
      tokenCall(token, { method: 'GET', host: 'clients', path: '/api/v2/devices', signal: options.signal, parse: parseDevices }),

    deviceToken: async (token, id, options: CallOptions = {}) => {
      const read = await tokenCall(token, { method: 'GET', host: 'clients', path: '/api/v2/devices', signal: options.signal, parse: parseDeviceToken(id) })
      if (!read.ok) return read
      return read.value.listed ? { ok: true, value: read.value.token } : { ok: false, error: plexErrors.deviceGone() }
    },

    removeDevice: (token, id, options: CallOptions = {}) => {
      // An id plex.tv could never have listed names no device; no need to ask.
      if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve({ ok: false, error: plexErrors.deviceGone() })
      return tokenCall<void>(token, { method: 'DELETE', path: `/devices/${id}.xml`, kind: 'device', signal: options.signal })
    },

    tokenIsDead: async (token, options: CallOptions = {}) => {
      const result = await getUser(token, options)
      if (result.ok) return { ok: true, value: false }
      // 401 (or 422 "Invalid token") is a refusal for good; a 498 only says a Plex JWT ran out.
      if (result.error.code === 'token-rejected' && !result.error.tokenExpired) return { ok: true, value: true }
      return { ok: false, error: result.error }
    },
  }
}
