import type { CredentialVault } from '../core/account/credential-vault'
import type { PlexResource } from '../core/plex/plex-types'
import { needsAcceptanceCheck, serverAcceptsToken } from '../core/servers/server-accepts-token'
import { safeLabel } from '../core/servers/server-text'
import { COMMAND_TOOL, toolDeviceName } from '../core/tools/tool-name'
import type { CliEnvironment } from './cli-core'
import { cliLogger } from './cli-logger'
import { EXIT, type ExitCode } from './exit-codes'
import { type CliIo, printError } from './output'
import type { ServerList } from './server-lookup'
import { openToolDevice } from './tool-device-access'

export type ServerToken = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly exit: ExitCode }

/**
 * The token to hand out for `server`: the one plex.tv listed for it, unless that is a Plex JWT the
 * server refuses. Only a JWT is checked, with one authenticated request to `uri`, the address whose
 * /identity proved it is that server (null: none was proven, so nothing is sent and nothing known).
 * Refused: the token of the device Plexkey keeps for its own command, made as a tool's device is
 * (a plain PIN's token, the kind Media Servers take), as that device is let into the server. No
 * clear answer: the JWT as plex.tv gave it, with a note; a server that says nothing clear is no
 * reason to make a device.
 */
export async function checkedServerToken(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  server: PlexResource,
  token: string,
  uri: string | null,
): Promise<ServerToken> {
  if (!needsAcceptanceCheck(token)) return { ok: true, token }
  const logger = cliLogger(environment, 'servers')
  const label = `"${safeLabel(server.name)}"`
  const verdict = uri === null ? 'unknown' : await serverAcceptsToken(environment.fetch, uri, token)
  logger.info('the server was asked whether it accepts the Plex JWT plex.tv lists for it', { server: server.clientIdentifier, verdict })
  if (verdict === 'accepted') return { ok: true, token }
  if (verdict === 'unknown') {
    const why = uri === null ? 'none of its addresses answered as that server over https or on this computer' : 'it gave no clear answer'
    printError(io, `Whether ${label} accepts the Plex JWT plex.tv lists for it could not be checked (${why}); it is handed out as it is.`)
    return { ok: true, token }
  }

  const access = await openToolDevice(io, environment, vault, COMMAND_TOOL)
  if (!access.ok) {
    printError(io, `${label} refuses the Plex JWT of this sign-in, and no device of Plexkey's own could be used instead.`)
    return access
  }
  try {
    const { device } = access
    const serverToken = server.owned ? { ok: true as const, token: device.token } : await sharedAccessToken(io, label, server, access.servers)
    if (!serverToken.ok) return serverToken
    const deviceName = `"${toolDeviceName(COMMAND_TOOL)}"`
    const instead = device.minted
      ? `Plexkey made ${deviceName}, a device of its own for the plexkey command, and hands out its token instead`
      : `Plexkey hands out the token of ${deviceName}, its own device for the plexkey command, instead`
    printError(io, `${label} refuses the Plex JWT of this sign-in; ${instead} (\`plexkey tools revoke ${COMMAND_TOOL}\` removes it).`)
    logger.info('the server refuses the Plex JWT; the plexkey command’s own device is used', { server: server.clientIdentifier, minted: device.minted })
    return serverToken
  } finally {
    access.close()
  }
}

/** A server shared with the account, as plex.tv lists it for the plexkey command's device: its access token there. */
async function sharedAccessToken(io: CliIo, label: string, server: PlexResource, servers: () => Promise<ServerList>): Promise<ServerToken> {
  const listed = await servers()
  if (!listed.ok) return listed
  const token = listed.servers.find((s) => s.clientIdentifier === server.clientIdentifier)?.accessToken
  if (token) return { ok: true, token }
  printError(io, `${label} refuses the Plex JWT of this sign-in, and plex.tv gives "${toolDeviceName(COMMAND_TOOL)}", Plexkey's own device, no access token for it.`)
  return { ok: false, exit: EXIT.failure }
}
