import type { AppError } from '../../../preload/api'
import { toolDeviceName } from './tool-name'

/** Where minting stopped: the PIN, the link plex.tv was asked for, or the wait for the new device's token. */
export type MintStep = 'create' | 'link' | 'token'

/** What became of a half-made device: none was made, it was removed, or removing it failed. */
export type Cleanup = { readonly kind: 'none' } | { readonly kind: 'removed' } | { readonly kind: 'failed'; readonly error: AppError }

const withoutStop = (text: string): string => text.replace(/\.$/, '')

/**
 * One sentence for why `tool` got no device, and what became of the half-made one. The error keeps
 * its code (and status), so every caller maps it as it maps any other plex.tv failure; only the
 * words are the tool's.
 */
export function mintFailure(tool: string, step: MintStep, error: AppError, cleanup: Cleanup): AppError {
  const device = `"${toolDeviceName(tool)}"`
  const left =
    cleanup.kind === 'failed'
      ? ` The half-made device ${device} could not be removed (${withoutStop(cleanup.error.message)}): remove it from the account's devices (plexkey devices, or https://plex.tv/devices).`
      : ''
  const said = (message: string): AppError => ({ ...error, message: `${message}${left}` })
  if (step === 'token') {
    const removed = cleanup.kind === 'removed' ? ', so the half-made device was removed; try again.' : '.'
    return said(`plex.tv never gave the new device ${device} its token${removed}`)
  }
  if (error.code === 'rate-limited') return said(`plex.tv is asking Plexkey to slow down, so no device was made for ${tool}; try again in a minute.`)
  if (step === 'link' && error.code === 'token-rejected') {
    return said(`plex.tv refused to link a device for ${tool}: it no longer accepts the saved sign-in. Sign in again, then retry.`)
  }
  if (step === 'link' && error.code === 'pin-expired') {
    return said(`plex.tv refused to link the code of the new device for ${tool} (unknown or expired); try again.`)
  }
  return said(`No device could be made for ${tool}: ${error.message}`)
}
