import type { AppError, PinMode, PinView, RetryNotice, SignInState } from '../../../preload/api'

/** What one way in shows: its start button, a PIN on its way, a live PIN, or why it failed. */
export type Slot =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'pin'; readonly pin: PinView }
  | { readonly kind: 'failed'; readonly error: AppError }

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
      if (pin !== undefined) return { kind: 'pin', pin }
      if (state.starting.includes(mode)) return { kind: 'starting' }
      const failure = state.failed.find((candidate) => candidate.mode === mode)
      return failure === undefined ? { kind: 'idle' } : { kind: 'failed', error: failure.error }
    }
  }
}

/** A sign-in under way: every board state but signed-out. */
export type RunningState = Exclude<BoardState, { kind: 'signed-out' }>

/** The automatic retry under way: for the first code while starting, or while waiting for approval. */
export function retryOf(state: RunningState): RetryNotice | null {
  return state.kind === 'waiting' ? state.retry : (state.retry ?? null)
}

/**
 * The way that has the screen: the one the user last asked for (or last saw) once it has started,
 * else one with a live PIN, else the first that started (the browser way when both began
 * elsewhere, say from the tray).
 */
export function shownMode(state: RunningState, preferred: PinMode | null): PinMode {
  const started = (['browser', 'link'] as const).filter((mode) => slotFor(state, mode).kind !== 'idle')
  if (preferred !== null && started.includes(preferred)) return preferred
  return started.find((mode) => slotFor(state, mode).kind === 'pin') ?? started[0] ?? preferred ?? 'browser'
}
