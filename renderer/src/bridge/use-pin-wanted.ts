import { useEffect, useState } from 'react'
import type { PlexkeyApi } from '../../../preload/api'

/** A protected profile whose PIN main wants asked; `n` tells one request from the next for the same profile. */
export interface PinWanted {
  readonly uuid: string
  readonly n: number
}

/**
 * The latest protected profile chosen outside the window (the tray), whose PIN pad the window is
 * to open; `onWanted` runs at each request, before the screen draws it.
 */
export function usePinWanted(api: PlexkeyApi, onWanted: () => void): PinWanted | null {
  const [wanted, setWanted] = useState<PinWanted | null>(null)
  useEffect(
    () =>
      api.profiles.onPinWanted(({ uuid }) => {
        onWanted()
        setWanted((last) => ({ uuid, n: (last?.n ?? 0) + 1 }))
      }),
    [api, onWanted],
  )
  return wanted
}
