/** Time and timers behind an interface, so the sign-in core runs the same in the app, the CLI and tests. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** Opaque timer handle; only the clock that made it knows what it is. */
export type TimerHandle = { readonly __timer: unique symbol } | object

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    // A pending poll must never keep the CLI (or a test runner) alive on its own.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}
