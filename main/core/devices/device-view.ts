import type { DeviceListing } from '../../../preload/api'
import type { PlexDevice } from '../plex/plex-types'

/** Not seen for this long, a device is flagged: likely forgotten, and worth removing. */
export const STALE_AFTER_MS = 90 * 24 * 3600 * 1000

/** One place the account is signed in, as Plexkey shows it (the window and the CLI alike). Never a token. */
export type DeviceView = DeviceListing

/** A tool's device as the keychain names it: enough to know it in plex.tv's list. */
export interface ToolMark {
  readonly name: string
  readonly clientIdentifier: string
}

/**
 * The tool a device was minted for, known by the client identifier Plexkey minted it under: the
 * device name ("kometa (Plexkey)") is only what plex.tv was told, and any program can say it.
 */
function toolOf(device: PlexDevice, tools: readonly ToolMark[]): string | null {
  return tools.find((tool) => tool.clientIdentifier === device.clientIdentifier)?.name ?? null
}

/** The devices, last seen first (never seen last), each marked against this install, the tools' devices and `now`. */
export function deviceViews(devices: readonly PlexDevice[], clientId: string, now: number, tools: readonly ToolMark[]): DeviceView[] {
  return devices
    .map((device) => ({
      id: device.id,
      name: device.name,
      product: device.product,
      platform: device.platform,
      clientIdentifier: device.clientIdentifier,
      lastSeenAt: device.lastSeenAt,
      thisDesktop: device.clientIdentifier === clientId,
      tool: toolOf(device, tools),
      stale: device.lastSeenAt !== null && now - device.lastSeenAt >= STALE_AFTER_MS,
    }))
    .sort((a, b) => (b.lastSeenAt ?? Number.NEGATIVE_INFINITY) - (a.lastSeenAt ?? Number.NEGATIVE_INFINITY))
}

/** What `plexkey devices revoke <device>` names: one device, none, or several of the same name. */
export type DeviceMatch =
  | { readonly kind: 'found'; readonly device: DeviceView }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly DeviceView[] }

/** A device by its id, else by its exact name (as plex.tv has it). */
export function matchDevice(devices: readonly DeviceView[], wanted: string): DeviceMatch {
  const byId = /^\d+$/.test(wanted) ? devices.find((device) => String(device.id) === wanted) : undefined
  if (byId) return { kind: 'found', device: byId }
  const named = devices.filter((device) => device.name === wanted)
  if (named.length === 0) return { kind: 'unknown' }
  const [only] = named
  return named.length === 1 && only ? { kind: 'found', device: only } : { kind: 'ambiguous', candidates: named }
}
