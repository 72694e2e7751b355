import type { DeviceListing, RemovalOutcome, Result } from '../../preload/api'
import { deviceViews, type ToolMark } from '../core/devices/device-view'
import type { Logger } from '../core/log'
import { plainError } from '../core/plex/plain-error'
import { plexErrors } from '../core/plex/plex-error'
import type { PlexClient, PlexError } from '../core/plex/plex-types'
import { err, fail, ok } from '../core/result'

/** What the window's "Where you're signed in" section may do. Never a token: they stay in here. */
export interface DeviceActions {
  /** Where the account is signed in, last seen first, this desktop marked. */
  list(): Promise<Result<readonly DeviceListing[]>>
  /** Removes another device at plex.tv, then checks that plex.tv refuses its token. */
  remove(id: number): Promise<Result<RemovalOutcome>>
}

export interface DeviceActionDeps {
  readonly plex: PlexClient
  /** The active account's token (activeToken), or null when signed out. */
  readonly accountToken: () => Promise<Result<string | null>>
  /** The tools' own devices the keychain knows, to mark them in the list (none when unreadable). */
  readonly toolMarks: () => Promise<readonly ToolMark[]>
  /** This install's client id: the device that is this desktop. */
  readonly clientId: string
  readonly now: () => number
  readonly log: Pick<Logger, 'warn'>
}

export function createDeviceActions(deps: DeviceActionDeps): DeviceActions {
  const refused = <T>(error: PlexError): Result<T> => err(plainError(error, deps.now()))

  const signedIn = async (): Promise<Result<string>> => {
    const token = await deps.accountToken()
    if (!token.ok) return token
    return token.value === null ? fail('invalid-state', 'Sign in to Plex to see where your account is signed in.') : ok(token.value)
  }

  const listed = async (token: string): Promise<Result<readonly DeviceListing[]>> => {
    const devices = await deps.plex.listDevices(token)
    return devices.ok ? ok(deviceViews(devices.value, deps.clientId, deps.now(), await deps.toolMarks())) : refused(devices.error)
  }

  /**
   * The device's token is read from plex.tv's list just before the removal: nothing else holds it,
   * and it is used for the one check that plex.tv refuses it afterwards (a removed device's token
   * has been found still accepted), never shown, logged or sent to the window.
   */
  const removeChecked = async (token: string, id: number): Promise<Result<RemovalOutcome>> => {
    const deviceToken = await deps.plex.deviceToken(token, id)
    if (!deviceToken.ok) return refused(deviceToken.error)
    const removed = await deps.plex.removeDevice(token, id)
    if (!removed.ok) return refused(removed.error)
    if (deviceToken.value === null) return ok({ tokenRefused: null })
    const dead = await deps.plex.tokenIsDead(deviceToken.value)
    // Removed all the same: the window says the check could not be made, not that removing failed.
    if (!dead.ok) {
      deps.log.warn('device removed; whether plex.tv refuses its token could not be checked', { id, code: dead.error.code })
      return ok({ tokenRefused: null })
    }
    if (!dead.value) deps.log.warn('plex.tv still accepts the token of a removed device', { id })
    return ok({ tokenRefused: dead.value })
  }

  return {
    list: async () => {
      const token = await signedIn()
      return token.ok ? listed(token.value) : token
    },
    remove: async (id) => {
      const token = await signedIn()
      if (!token.ok) return token
      const devices = await listed(token.value)
      if (!devices.ok) return devices
      const device = devices.value.find((d) => d.id === id)
      if (!device) return refused(plexErrors.deviceGone())
      if (device.thisDesktop) {
        return fail('invalid-state', "That is this desktop's own sign-in, which is not removed here. To sign this desktop out, use Sign out.")
      }
      return removeChecked(token.value, id)
    },
  }
}
