import type { CredentialVault } from '../../core/account/credential-vault'
import { listTools, revokeTool } from '../../core/tools/tool-devices'
import { toolDeviceName } from '../../core/tools/tool-name'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printJson, printLine } from '../output'
import { printPlexFailure } from '../plex-failure'
import { outputColumns } from '../terminal-fit'
import { openTools } from '../tool-session'
import { toolsTable } from '../tools-table'

/** `plexkey tools [--json]`: the tools with a device of their own. Exit 0 whenever the keychain could be read. */
export async function runTools(io: CliIo, environment: CliEnvironment, vault: CredentialVault, command: Extract<Command, { kind: 'tools' }>): Promise<ExitCode> {
  const opened = await openTools(io, environment, vault)
  if (!opened.ok) return opened.exit
  try {
    // JSON has no last seen: the keychain alone answers it.
    const tools = await listTools(opened.context, { lastSeen: !command.json })
    if (!tools.ok) return printPlexFailure(io, tools.error)
    if (command.json) {
      printJson(io, tools.value.map(({ name, clientIdentifier, createdAt }) => ({ name, clientIdentifier, createdAt: new Date(createdAt).toISOString() })))
    } else if (tools.value.length === 0) {
      printLine(io, 'No tool has a device of its own yet. To make one: plexkey exec --as <tool> -- <command>')
    } else {
      for (const line of toolsTable(tools.value, outputColumns(io.stdout, environment.env))) printLine(io, line)
    }
    return EXIT.ok
  } finally {
    opened.close()
  }
}

/**
 * `plexkey tools revoke <tool>`: removes the tool's device at plex.tv and its keychain entry, then
 * says whether plex.tv now refuses the token the tool had. The desktop's sign-in is untouched.
 */
export async function runRevokeTool(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'tools-revoke' }>,
): Promise<ExitCode> {
  const opened = await openTools(io, environment, vault)
  if (!opened.ok) return opened.exit
  const { tool } = command
  const device = `"${toolDeviceName(tool)}"`
  try {
    const removed = await revokeTool(opened.context, tool)
    if (!removed.ok && removed.error.code === 'invalid-state') {
      printError(io, `No tool named ${tool} has a device of its own. Run \`plexkey tools\` for the list.`)
      return EXIT.failure
    }
    if (!removed.ok) return printPlexFailure(io, removed.error, `${device} was not removed.`)
    const { deviceWasGone, tokenRefused } = removed.value
    printLine(io, deviceWasGone ? `${device} was already gone from your Plex account; its token is forgotten.` : `Removed ${device} from your Plex account.`)
    if (tokenRefused === null) {
      printError(io, 'Whether plex.tv now refuses its token could not be checked: plex.tv did not answer.')
      return EXIT.unreachable
    }
    if (!tokenRefused) {
      printError(io, `plex.tv still accepts the token of ${device}. Remove it under Authorized Devices (https://plex.tv/devices) and check again.`)
      return EXIT.failure
    }
    printLine(io, 'plex.tv now refuses its token.')
    return EXIT.ok
  } finally {
    opened.close()
  }
}
