import { rememberSecret } from '../log'
import type { TokenCall } from './call-spec'
import { parseHome, parseSwitchToken } from './home-schemas'
import type { CallOptions, PlexClient, PlexResult } from './plex-types'

/** The Plex Home endpoints on clients.plex.tv: the user list, and minting a Home user's token. */
export function createHomeCalls(tokenCall: TokenCall): Pick<PlexClient, 'listHomeUsers' | 'switchHomeUser'> {
  // The last switch asked for: the next one waits for it. Results are data, so it never rejects.
  let lastSwitch: Promise<unknown> = Promise.resolve()

  return {
    listHomeUsers: async (token, options: CallOptions = {}) => {
      const result = await tokenCall(token, { method: 'GET', host: 'clients', path: '/api/v2/home/users', signal: options.signal, parse: parseHome })
      // plex.tv may answer an account without a Plex Home with a 404 rather than a Home of one.
      if (!result.ok && result.error.code === 'plex-error' && result.error.status === 404) return { ok: true, value: { kind: 'no-home' } }
      return result
    },

    switchHomeUser: (token, uuid, options: { readonly pin?: string } & CallOptions = {}) => {
      const { pin, signal } = options
      const run = (): Promise<PlexResult<string>> =>
        tokenCall(token, {
          method: 'POST',
          host: 'clients',
          kind: 'home-switch',
          path: `/api/v2/home/users/${encodeURIComponent(uuid)}/switch`,
          // The PIN rides in the query, as plex.tv wants it: a secret query is never logged.
          ...(pin !== undefined ? { secretQuery: { pin } } : {}),
          signal,
          parse: (json) => {
            const parsed = parseSwitchToken(json)
            if (parsed.ok) rememberSecret(parsed.value)
            return parsed
          },
        })
      // One at a time: plex.tv has answered switches in quick succession with 429.
      const result = lastSwitch.then(run)
      lastSwitch = result
      return result
    },
  }
}
