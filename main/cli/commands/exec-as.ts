import type { CredentialVault } from '../../core/account/credential-vault'
import { serversOf } from '../../core/servers/probe-servers'
import { ensureToolDevice } from '../../core/tools/tool-devices'
import { toolIdentity } from '../../core/tools/tool-identity'
import { toolDeviceName } from '../../core/tools/tool-name'
import { presetVariables } from '../../core/tools/tool-presets'
import { ACTIVE_PROFILE } from '../args'
import type { CliEnvironment } from '../cli-core'
import { exitFor } from '../exit-codes'
import { type CliIo, printError, printFailure } from '../output'
import { printPlexFailure } from '../plex-failure'
import type { ServerList } from '../server-lookup'
import { openTools } from '../tool-session'
import type { Variables } from './exec'
import { reachServer } from './url'

/**
 * The variables `exec --as <tool>` hands the command: every token in them is the tool's own. The
 * tool's device is the one the keychain keeps while plex.tv accepts its token, else a new one
 * (said on stderr, with how to remove it). With --server, the servers are listed as the tool's
 * device sees them: an owned server takes the tool's token, a shared one the access token plex.tv
 * gives the tool for it.
 */
export async function toolVariables(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  tool: string,
  server: string | null,
  allowInsecure: boolean,
): Promise<Variables> {
  const opened = await openTools(io, environment, vault)
  if (!opened.ok) return opened
  const { context, session } = opened
  try {
    const device = await ensureToolDevice(context, tool)
    if (!device.ok) return { ok: false, exit: printFailure(io, device.error) }
    const { token, minted, unchecked, clientIdentifier } = device.value
    if (minted) {
      printError(io, `Made "${toolDeviceName(tool)}", a device of ${tool}'s own on your Plex account.`)
      printError(io, `\`plexkey tools revoke ${tool}\` removes it.`)
    }
    if (unchecked) printError(io, `Whether plex.tv still accepts ${tool}'s token could not be checked (${unchecked.message.replace(/\.$/, '')}); it is used as it is.`)
    if (server === null) return { ok: true, vars: { PLEX_TOKEN: token, ...presetVariables(tool, token, null) } }

    const asTool = session.clientFor(toolIdentity(session.identity, tool, clientIdentifier))
    const servers = async (): Promise<ServerList> => {
      const resources = await asTool.getResources(token)
      if (resources.ok) return { ok: true, servers: serversOf(resources.value) }
      if (resources.error.code === 'token-rejected') {
        // Accepted a moment ago, so most likely removed since: the next run's check makes a new device.
        printError(io, `plex.tv refused ${tool}'s token as it listed the servers. If its device was removed just now, run the command again: a new one is made.`)
        return { ok: false, exit: exitFor(resources.error) }
      }
      return { ok: false, exit: printPlexFailure(io, resources.error, 'The list of servers could not be read from plex.tv.') }
    }
    const reached = await reachServer(io, environment, vault, server, allowInsecure, ACTIVE_PROFILE, servers)
    if (!reached.ok) return reached
    const serverToken = reached.owned ? token : reached.token
    return {
      ok: true,
      vars: {
        PLEX_TOKEN: serverToken,
        PLEX_URL: reached.url,
        PLEXAPI_AUTH_SERVER_BASEURL: reached.url,
        PLEXAPI_AUTH_SERVER_TOKEN: serverToken,
        ...presetVariables(tool, serverToken, reached.url),
      },
    }
  } finally {
    opened.close()
  }
}
