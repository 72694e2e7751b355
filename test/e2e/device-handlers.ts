import type { AppError, RemovalOutcome, Result, ToolListing } from '../../preload/api'
import type { InvokeHandlers } from '../../main/app/ipc-handlers'
import { deviceViews } from '../../main/core/devices/device-view'
import type { PlexError } from '../../main/core/plex/plex-types'
import { err, fail, ok } from '../../main/core/result'
import type { WindowCore } from './app-harness'

/** A tool's own device, as the test made it at the fake plex.tv: its name and client id. */
export interface ToolDevice {
  readonly name: string
  readonly clientIdentifier: string
  readonly createdAt: number
}

type DeviceChannels = 'tools:list' | 'tools:revoke' | 'devices:list' | 'devices:remove'

const asAppError = (error: PlexError): AppError => ({ code: error.code, message: error.message, retryable: error.retryable })

/**
 * The tools and devices channels, answered the way the window's contract describes them, over the
 * real plex.tv client against the fake plex.tv: the list as plex.tv gives it (tokens dropped where
 * it is parsed), marked against this install and `tools`, and a removal checked by asking plex.tv
 * whether the device's token is refused afterwards. What the window is tested against, with its
 * tools kept in `tools` rather than the keychain.
 */
export function deviceHandlersOver(core: WindowCore, tools: Map<string, ToolDevice>): Pick<InvokeHandlers, DeviceChannels> {
  const accountToken = async (): Promise<Result<string>> => {
    const active = await core.vault.loadActive()
    if (!active.ok) return active
    return active.value === null ? fail('invalid-state', 'Nobody is signed in.') : ok(active.value.token)
  }

  const listed = async () => {
    const token = await accountToken()
    if (!token.ok) return token
    const devices = await core.plex.listDevices(token.value)
    if (!devices.ok) return err(asAppError(devices.error))
    const toolOf = new Map([...tools.values()].map((tool) => [tool.clientIdentifier, tool.name]))
    return ok(deviceViews(devices.value, core.identity.clientId, core.clock.now(), []).map((device) => ({ ...device, tool: toolOf.get(device.clientIdentifier) ?? null })))
  }

  /** Removes device `id`, then asks plex.tv whether the token it listed for it is refused now. */
  const removeAndCheck = async (id: number): Promise<Result<RemovalOutcome>> => {
    const token = await accountToken()
    if (!token.ok) return token
    const deviceToken = await core.plex.deviceToken(token.value, id)
    if (!deviceToken.ok) return err(asAppError(deviceToken.error))
    const removed = await core.plex.removeDevice(token.value, id)
    if (!removed.ok) return err(asAppError(removed.error))
    if (deviceToken.value === null) return ok({ tokenRefused: null })
    const dead = await core.plex.tokenIsDead(deviceToken.value)
    return dead.ok ? ok({ tokenRefused: dead.value }) : err(asAppError(dead.error))
  }

  return {
    'devices:list': listed,
    'devices:remove': async ({ id }) => {
      const devices = await listed()
      if (!devices.ok) return devices
      const device = devices.value.find((each) => each.id === id)
      if (device?.thisDesktop) return fail('invalid-state', 'This is this desktop’s own sign-in: sign out instead.')
      return removeAndCheck(id)
    },
    'tools:list': async () => {
      const devices = await listed()
      if (!devices.ok) return devices
      const seen = new Map(devices.value.map((device) => [device.clientIdentifier, device.lastSeenAt]))
      return ok([...tools.values()].map((tool): ToolListing => ({ ...tool, lastSeenAt: seen.get(tool.clientIdentifier) ?? null })))
    },
    'tools:revoke': async ({ name }) => {
      const tool = tools.get(name)
      if (tool === undefined) return fail('invalid-state', `No tool is named ${name}.`)
      const devices = await listed()
      if (!devices.ok) return devices
      const device = devices.value.find((each) => each.clientIdentifier === tool.clientIdentifier)
      tools.delete(name)
      return device === undefined ? ok({ tokenRefused: null }) : removeAndCheck(device.id)
    },
  }
}
