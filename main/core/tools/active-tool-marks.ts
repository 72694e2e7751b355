import type { CredentialVault } from '../account/credential-vault'
import type { ToolMark } from '../devices/device-view'
import { createToolStore } from './tool-store'

/**
 * The tools' devices of the active account, to mark them in a device list. A tools entry that
 * cannot be read hides no device: the list then comes without marks.
 */
export async function activeToolMarks(vault: CredentialVault): Promise<readonly ToolMark[]> {
  const active = await vault.loadActive()
  if (!active.ok || active.value === null) return []
  const tools = await createToolStore(vault, active.value.accountKey).list()
  return tools.ok ? tools.value : []
}
