import type { PinMode, Result } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'

/**
 * Starts one way in, first telling the screen it was chosen (`onChosen`), so that way takes the
 * screen as soon as main reports it starting.
 */
export function useStartWay(mode: PinMode, onChosen: () => void): () => Promise<Result<void>> {
  const { intents } = useBridge()
  return () => {
    onChosen()
    return intents.start(mode)
  }
}
