import { isAppUrl } from './url-policy'

/** The parts of a frame the check reads (Electron's WebFrameMain has them all). */
export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
  readonly processId: number
  readonly routingId: number
}

export interface SenderEventLike {
  readonly sender: unknown
  readonly senderFrame: FrameLike | null
}

/** Our renderer: the window's webContents and the origin it was loaded from. */
export interface TrustedRenderer {
  readonly webContents: { readonly mainFrame: FrameLike; isDestroyed(): boolean }
  readonly origin: string
}

/**
 * True only for a message from our own window's main frame, showing our own renderer origin.
 * Anything else (another webContents, a subframe, a frame that navigated elsewhere, a frame
 * already gone) is refused: IPC is the only door into main, and only our page holds the key.
 */
export function isTrustedSender(event: SenderEventLike, trusted: TrustedRenderer | null): boolean {
  if (!trusted || trusted.webContents.isDestroyed()) return false
  if (event.sender !== trusted.webContents) return false
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  const main = trusted.webContents.mainFrame
  // WebFrameMain wrappers are not guaranteed to be the same object each time: compare identities.
  if (frame !== main && (frame.processId !== main.processId || frame.routingId !== main.routingId)) return false
  return isAppUrl(frame.url, trusted.origin)
}
