import { randomUUID } from 'node:crypto'
import type { ClientIdentity } from '../account/client-identity'
import { toolDeviceName } from './tool-name'

/**
 * Who a tool's device is to plex.tv: this install's product, version and platform, the tool's
 * device name, and a client identifier of its own. plex.tv keeps one token per account and client
 * identifier, so sharing the desktop's would replace the desktop's own token.
 */
export function toolIdentity(install: ClientIdentity, tool: string, clientId: string = randomUUID()): ClientIdentity {
  return { ...install, clientId, product: 'Plexkey', deviceName: toolDeviceName(tool) }
}
