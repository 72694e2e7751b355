import type { CredentialVault } from '../core/account/credential-vault'
import { serversOf } from '../core/servers/probe-servers'
import { ensureToolDevice, type ToolDevice } from '../core/tools/tool-devices'
import { toolIdentity } from '../core/tools/tool-identity'
import type { CliEnvironment } from './cli-core'
import { type ExitCode, exitFor } from './exit-codes'
import { type CliIo, printError, printFailure } from './output'
import { printPlexFailure } from './plex-failure'
import type { ServerList } from './server-lookup'
import { openTools } from './tool-session'

export type ToolDeviceAccess =
  | {
      readonly ok: true
      readonly device: ToolDevice
      /** The servers as plex.tv lists them for the tool's own device. */
      readonly servers: () => Promise<ServerList>
      readonly close: () => void
    }
  | { readonly ok: false; readonly exit: ExitCode }

/**
 * Tool `tool`'s own device for the signed-in account (see ensureToolDevice), for a command that
 * hands out its token; `close` once done. A device that could not be had: the reason is printed
 * and the exit status returned. Whether it was `minted` just now is the caller's to say, in its
 * own words.
 */
export async function openToolDevice(io: CliIo, environment: CliEnvironment, vault: CredentialVault, tool: string): Promise<ToolDeviceAccess> {
  const opened = await openTools(io, environment, vault)
  if (!opened.ok) return opened
  const { context, session, close } = opened
  const device = await ensureToolDevice(context, tool)
  if (!device.ok) {
    close()
    return { ok: false, exit: printFailure(io, device.error) }
  }
  const { token, unchecked, clientIdentifier } = device.value
  if (unchecked) printError(io, `Whether plex.tv still accepts ${tool}'s token could not be checked (${unchecked.message.replace(/\.$/, '')}); it is used as it is.`)
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
  return { ok: true, device: device.value, servers, close }
}

