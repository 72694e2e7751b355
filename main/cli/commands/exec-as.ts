import type { CredentialVault } from '../../core/account/credential-vault'
import { toolDeviceName } from '../../core/tools/tool-name'
import { presetVariables } from '../../core/tools/tool-presets'
import { ACTIVE_PROFILE } from '../args'
import type { CliEnvironment } from '../cli-core'
import { type CliIo, printError } from '../output'
import { openToolDevice } from '../tool-device-access'
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
  const access = await openToolDevice(io, environment, vault, tool)
  if (!access.ok) return access
  try {
    const { token, minted } = access.device
    if (minted) {
      printError(io, `Made "${toolDeviceName(tool)}", a device of ${tool}'s own on your Plex account.`)
      printError(io, `\`plexkey tools revoke ${tool}\` removes it.`)
    }
    if (server === null) return { ok: true, vars: { PLEX_TOKEN: token, ...presetVariables(tool, token, null) } }

    const reached = await reachServer(io, environment, vault, server, allowInsecure, ACTIVE_PROFILE, access.servers)
    if (!reached.ok) return reached
    const serverToken = reached.server.owned ? token : reached.token
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
    access.close()
  }
}
