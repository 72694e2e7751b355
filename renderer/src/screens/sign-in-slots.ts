import type { PinMode, PinView, SignInState } from '../../../preload/api'

/** What one way in shows: its start button, a PIN on its way, or a live PIN. */
export type Slot = { readonly kind: 'idle' } | { readonly kind: 'starting' } | { readonly kind: 'pin'; readonly pin: PinView }

/** The states the sign-in board draws; every other state has a screen of its own. */
export type BoardState = Extract<SignInState, { kind: 'signed-out' | 'starting' | 'waiting' }>

export function slotFor(state: BoardState, mode: PinMode): Slot {
  switch (state.kind) {
    case 'signed-out':
      return { kind: 'idle' }
    case 'starting':
      return state.modes.includes(mode) ? { kind: 'starting' } : { kind: 'idle' }
    case 'waiting': {
      const pin = state.pins.find((candidate) => candidate.mode === mode)
      return pin === undefined ? { kind: 'idle' } : { kind: 'pin', pin }
    }
  }
}
