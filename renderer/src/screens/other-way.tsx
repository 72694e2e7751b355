import type { PinMode } from '../../../preload/api'
import { ActionButton } from '../components/action-button'
import type { Slot } from './sign-in-slots'
import { useStartWay } from './use-start-way'

const offers: Readonly<Record<PinMode, { readonly start: string; readonly show: string }>> = {
  browser: { start: 'Or sign in with your browser instead', show: 'Show the browser sign-in instead' },
  link: { start: 'Or use a code on another device instead', show: 'Show the code instead' },
}

/**
 * The way not on screen, in one line: starting it when it has not started (or failed), bringing
 * it on screen when it runs. Its countdown stays out of sight, so only one ever ticks.
 */
export function OtherWay({ mode, slot, onShow }: { readonly mode: PinMode; readonly slot: Slot; readonly onShow: () => void }) {
  const start = useStartWay(mode, onShow)
  const offer = offers[mode]
  return (
    <p className="other-way">
      {slot.kind === 'idle' || slot.kind === 'failed' ? (
        <ActionButton variant="quiet" onAction={start}>
          {offer.start}
        </ActionButton>
      ) : (
        <button type="button" className="button button-quiet" onClick={onShow}>
          {offer.show}
        </button>
      )}
    </p>
  )
}
