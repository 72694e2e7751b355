import type { Result } from '../../../preload/api'
import { err, ok } from '../result'
import type { PlexClient } from '../plex/plex-types'

/**
 * Removes every device plex.tv lists under `clientIdentifier` for the account behind `token`, and
 * says how many it removed. A device that vanished in between counts as removed: it is gone either way.
 */
export async function removeDevicesUnder(plex: PlexClient, token: string, clientIdentifier: string): Promise<Result<number>> {
  const listed = await plex.listDevices(token)
  if (!listed.ok) return err(listed.error)
  let removed = 0
  for (const device of listed.value.filter((d) => d.clientIdentifier === clientIdentifier)) {
    const gone = await plex.removeDevice(token, device.id)
    if (!gone.ok && gone.error.code !== 'device-gone') return err(gone.error)
    removed += 1
  }
  return ok(removed)
}
