import type { CredentialVault } from '../../core/account/credential-vault'
import { type DeviceView, deviceViews, matchDevice, type ToolMark } from '../../core/devices/device-view'
import type { PlexError } from '../../core/plex/plex-types'
import { safeLabel } from '../../core/servers/server-text'
import { createToolStore } from '../../core/tools/tool-store'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { confirm } from '../confirm'
import { deviceTable } from '../device-table'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printJson, printLine } from '../output'
import { printPlexFailure } from '../plex-failure'
import { type AccountSession, openAccount } from '../plex-call'
import { outputColumns } from '../terminal-fit'

/**
 * The tools' devices the keychain knows, to mark them in the list. A tools entry that cannot be
 * read hides no device: the list comes without the marks, and why is said once.
 */
async function toolMarks(io: CliIo, vault: CredentialVault, session: AccountSession): Promise<readonly ToolMark[]> {
  const tools = await createToolStore(vault, session.accountUuid).list()
  if (tools.ok) return tools.value
  printError(io, `The tools' devices are not marked: ${tools.error.message}`)
  return []
}

async function listed(
  io: CliIo,
  vault: CredentialVault,
  session: AccountSession,
): Promise<{ readonly ok: true; readonly devices: DeviceView[] } | { readonly ok: false; readonly exit: ExitCode }> {
  const devices = await session.plex.listDevices(session.token)
  if (!devices.ok) return { ok: false, exit: printPlexFailure(io, devices.error, 'The list of devices could not be read from plex.tv.') }
  return { ok: true, devices: deviceViews(devices.value, session.clientId, Date.now(), await toolMarks(io, vault, session)) }
}

/** One device as `--json` prints it: never a token. */
function deviceJson(device: DeviceView): Readonly<Record<string, unknown>> {
  const { id, name, product, platform, clientIdentifier, lastSeenAt, thisDesktop, tool } = device
  const seen = lastSeenAt === null ? null : new Date(lastSeenAt).toISOString()
  return { id, name, product, platform, clientIdentifier, lastSeenAt: seen, thisDesktop, tool }
}

/** `plexkey devices [--json]`: where the account is signed in. Exit 0 whenever the list could be read. */
export async function runDevices(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'devices' }>,
): Promise<ExitCode> {
  const opened = await openAccount(io, environment, vault)
  if (!opened.ok) return opened.exit
  try {
    const devices = await listed(io, vault, opened.session)
    if (!devices.ok) return devices.exit
    if (command.json) printJson(io, devices.devices.map(deviceJson))
    else if (devices.devices.length === 0) printLine(io, 'plex.tv lists no device for the account.')
    else for (const line of deviceTable(devices.devices, outputColumns(io.stdout, environment.env))) printLine(io, line)
    return EXIT.ok
  } finally {
    opened.close()
  }
}

const quoted = (device: DeviceView): string => `"${safeLabel(device.name)}"`

/** The one device `wanted` names, or the exit status once the reason was printed. */
function chosen(io: CliIo, devices: readonly DeviceView[], wanted: string): DeviceView | ExitCode {
  const match = matchDevice(devices, wanted)
  switch (match.kind) {
    case 'unknown':
      printError(io, `No device has the id or name "${safeLabel(wanted)}". Run \`plexkey devices\` for the list.`)
      return EXIT.failure
    case 'ambiguous': {
      const candidates = match.candidates.map((device) => `${device.id} (${device.product === '' ? 'unknown product' : safeLabel(device.product)})`)
      printError(io, `More than one device is named "${safeLabel(wanted)}": ${candidates.join(', ')}. Give the id of the one you mean.`)
      return EXIT.usage
    }
    case 'found':
      return match.device
  }
}

/**
 * `plexkey devices revoke <device> [--yes]`: removes a device at plex.tv, then checks that plex.tv
 * refuses its token. The token is read from the list just before the removal (see deviceToken):
 * nothing else holds it, and it is used for that one check only, never shown.
 */
export async function runRevokeDevice(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'devices-revoke' }>,
): Promise<ExitCode> {
  const opened = await openAccount(io, environment, vault)
  if (!opened.ok) return opened.exit
  const { session } = opened
  try {
    const devices = await listed(io, vault, session)
    if (!devices.ok) return devices.exit
    const device = chosen(io, devices.devices, command.device)
    if (typeof device === 'number') return device
    if (device.thisDesktop) {
      printError(io, `${quoted(device)} is this desktop's own sign-in. To sign this desktop out, run \`plexkey logout\`.`)
      return EXIT.failure
    }
    if (!command.yes) {
      const answer = await confirm(io, `Remove ${quoted(device)} (${device.id}) from your Plex account?`)
      if (answer === 'no-terminal') {
        printError(io, 'Not removed: there is no terminal to confirm on. Pass --yes to remove it without asking.')
        return EXIT.usage
      }
      if (answer === 'no') {
        printError(io, 'Not removed.')
        return EXIT.failure
      }
    }
    return await revoke(io, session, device)
  } finally {
    opened.close()
  }
}

async function revoke(io: CliIo, session: AccountSession, device: DeviceView): Promise<ExitCode> {
  const refused = (error: PlexError): ExitCode => {
    if (error.code !== 'device-gone') return printPlexFailure(io, error, `${quoted(device)} was not removed.`)
    printError(io, `${quoted(device)} is no longer signed in: plex.tv had already removed it.`)
    return EXIT.failure
  }
  const token = await session.plex.deviceToken(session.token, device.id)
  if (!token.ok) return refused(token.error)
  const removed = await session.plex.removeDevice(session.token, device.id)
  if (!removed.ok) return refused(removed.error)
  printLine(io, `Removed ${quoted(device)} (${device.id}) from your Plex account.`)
  if (token.value === null) {
    printError(io, 'plex.tv listed no token for it, so whether its sign-in is refused now could not be checked.')
    return EXIT.ok
  }
  const dead = await session.plex.tokenIsDead(token.value)
  if (!dead.ok) return printPlexFailure(io, dead.error, 'Whether plex.tv now refuses its token could not be checked.')
  if (!dead.value) {
    printError(io, `plex.tv still accepts the token of ${quoted(device)}. Remove it under Authorized Devices (https://plex.tv/devices) and check again.`)
    return EXIT.failure
  }
  printLine(io, 'plex.tv now refuses its token.')
  return EXIT.ok
}
