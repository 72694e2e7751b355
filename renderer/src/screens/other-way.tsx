import type { PinMode } from '../../../preload/api'
import { ActionButton } from '../components/action-button'
import type { Slot } from './sign-in-slots'
import { useStartWay } from './use-start-way'

const offers: Readonly<Record<PinMode, { readonly first: string; readonly start: string; readonly show: string }>> = {
  browser: { first: 'Sign in with your browser', start: 'Sign in with your browser instead', show: 'Show the browser sign-in instead' },
  link: { first: 'Use a code on your phone or another computer', start: 'Use a code instead', show: 'Show the code instead' },
}

/**
 * The way not on screen, in one line: starting it when it has not started (or failed), bringing
 * it on screen when it runs. Its countdown stays out of sight, so only one ever ticks. Before any
 * sign-in (`first`), it offers itself as the other choice, not as a change of mind.
 */
export function OtherWay({ mode, slot, onShow, first = false }: { readonly mode: PinMode; readonly slot: Slot; readonly onShow: () => void; readonly first?: boolean }) {
  const start = useStartWay(mode, onShow)
  const offer = offers[mode]
  return (
    <p className="other-way">
      {slot.kind === 'idle' || slot.kind === 'failed' ? (
        <ActionButton variant="quiet" onAction={start}>
          {first ? offer.first : offer.start}
        </ActionButton>
      ) : (
        <button type="button" className="button button-quiet" onClick={onShow}>
          {offer.show}
        </button>
      )}
    </p>
  )
}
