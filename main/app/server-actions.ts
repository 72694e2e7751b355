import type { Result } from '../../preload/api'
import { fail, ok } from '../core/result'
import type { ServerDirectory } from '../core/servers/server-directory'

/** A server's libraries in Plex Web (app.plex.tv, on the opener's allowlist). */
export function plexWebUrl(clientIdentifier: string): string {
  return `https://app.plex.tv/desktop/#!/media/${encodeURIComponent(clientIdentifier)}/com.plexapp.plugins.library`
}

export interface ServerActions {
  copyAddress(clientIdentifier: string): Result<void>
  openInPlexWeb(clientIdentifier: string): Promise<Result<void>>
}

/**
 * What the window and the tray may do with a server. They name it by its clientIdentifier and main
 * looks it up, so only an address a probe proved to be that server is copied, and only a listed
 * server is opened.
 */
export function createServerActions(deps: {
  readonly servers: ServerDirectory
  readonly writeClipboard: (text: string) => void
  readonly openExternal: (url: string) => Promise<Result<void>>
}): ServerActions {
  return {
    copyAddress: (clientIdentifier) => {
      const address = deps.servers.addressOf(clientIdentifier)
      if (address === null) return fail('invalid-state', 'That server has no address that answers right now.')
      deps.writeClipboard(address)
      return ok(undefined)
    },
    openInPlexWeb: async (clientIdentifier) => {
      if (!deps.servers.current()?.servers.some((s) => s.clientIdentifier === clientIdentifier)) {
        return fail('invalid-state', 'That server is not among your servers.')
      }
      return deps.openExternal(plexWebUrl(clientIdentifier)) // eng-disable OPEN_EXTERNAL_JS_CHECK
    },
  }
}
