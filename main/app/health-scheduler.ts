import type { SignInState, Unsubscribe } from '../../preload/api'
import type { Clock, TimerHandle } from '../core/clock'

/** How often the stored token is checked with plex.tv, and how triggers are spaced. */
export interface HealthIntervals {
  /** Between routine checks. */
  readonly periodicMs: number
  /** How often `isOnline` is sampled to notice the network coming back (main has no 'online' event). */
  readonly onlinePollMs: number
  /** After resume, the network usually needs a moment before a request can succeed. */
  readonly resumeDelayMs: number
  /** Resume and "back online" often arrive together: one check serves both. */
  readonly minGapMs: number
}

export const defaultHealthIntervals: HealthIntervals = {
  periodicMs: 3 * 60 * 60_000,
  onlinePollMs: 30_000,
  resumeDelayMs: 5_000,
  minGapMs: 60_000,
}

export interface HealthSchedulerOptions {
  readonly clock: Clock
  readonly getState: () => SignInState
  /**
   * SignInService.checkNow: validates the stored token, or after an error reads the keychain
   * again first; the service publishes the outcome.
   */
  readonly check: () => Promise<unknown>
  /** Electron's powerMonitor 'resume'. */
  readonly onResume: (listener: () => void) => Unsubscribe
  /** The main window's 'show': the user is looking, perhaps having just unlocked the keychain. */
  readonly onWindowShown: (listener: () => void) => Unsubscribe
  /** Electron's net.isOnline(). */
  readonly isOnline: () => boolean
  readonly intervals?: Partial<HealthIntervals>
}

export interface HealthScheduler {
  start(): void
  stop(): void
}

/** What sets a check off. */
type Trigger = 'routine' | 'resume' | 'online' | 'shown'

const keychainError = (state: SignInState): boolean => state.kind === 'error' && state.error.code === 'keychain'

/**
 * Whether a trigger calls for a check in this state. Signed in: routine, resume and network checks
 * of the token. After a keychain error (locked, or its service not running): the keychain is read
 * again when the window is shown (the user is there, perhaps having just unlocked it), and once
 * per error on resume or when the network returns; never on a timer, as reading a locked keychain
 * may prompt for its password, and a prompt nobody asked for must not come back with every sleep
 * or network flap. Nothing else is retried by itself.
 */
function calledFor(state: SignInState, trigger: Trigger, unattendedReadDone: boolean): boolean {
  if (state.kind === 'signed-in') return trigger !== 'shown'
  if (keychainError(state)) return trigger === 'shown' || (trigger !== 'routine' && !unattendedReadDone)
  return false
}

/**
 * When the app asks plex.tv whether the stored token still works, or reads a failed keychain
 * again (see `calledFor`). The check at start is SignInService.restore(); after that: every few
 * hours, on resume from sleep, when the network comes back, and on showing the window; never two
 * at once, and triggers other than the routine one at least `minGapMs` apart, so a burst of them
 * (or a window shown again and again) makes one check. (While plex.tv cannot be reached, the
 * service itself retries with backoff; the app turns the service's own periodic check off so this
 * is the one schedule.)
 */
export function createHealthScheduler(options: HealthSchedulerOptions): HealthScheduler {
  const intervals = { ...defaultHealthIntervals, ...options.intervals }
  const { clock } = options
  let running = false
  let inFlight = false
  let lastCheckAt = Number.NEGATIVE_INFINITY
  let periodic: TimerHandle | null = null
  let onlinePoll: TimerHandle | null = null
  let resumeTimer: TimerHandle | null = null
  let shownTimer: TimerHandle | null = null
  /** The keychain has been read again on resume or reconnection since it last failed. */
  let unattendedReadDone = false
  let wasOnline = true
  let stopResume: Unsubscribe | null = null
  let stopShown: Unsubscribe | null = null

  function armPeriodic(): void {
    if (periodic) clock.clearTimeout(periodic)
    periodic = clock.setTimeout(() => {
      periodic = null
      void trigger('routine')
    }, intervals.periodicMs)
  }

  async function trigger(kind: Trigger): Promise<void> {
    if (!running || inFlight) return
    const state = options.getState()
    noteState(state)
    const scheduled = kind === 'routine'
    const tooSoon = clock.now() - lastCheckAt < intervals.minGapMs
    if (!calledFor(state, kind, unattendedReadDone) || (!scheduled && tooSoon)) {
      if (scheduled) armPeriodic()
      return
    }
    if (keychainError(state) && kind !== 'shown') unattendedReadDone = true
    inFlight = true
    lastCheckAt = clock.now()
    try {
      await options.check()
    } catch {
      // The service reports failures as state; a throw here must not end the schedule.
    } finally {
      inFlight = false
      // Every check restarts the routine wait, so a resume check is not followed by a routine one at once.
      if (running) armPeriodic()
    }
  }

  /** Out of the keychain error, a later one is a new error: resume or reconnection may read it once again. */
  function noteState(state: SignInState): void {
    if (!keychainError(state) && state.kind !== 'restoring') unattendedReadDone = false
  }

  function pollOnline(): void {
    onlinePoll = null
    noteState(options.getState())
    const online = options.isOnline()
    if (online && !wasOnline) void trigger('online')
    wasOnline = online
    if (running) onlinePoll = clock.setTimeout(pollOnline, intervals.onlinePollMs)
  }

  return {
    start() {
      if (running) return
      running = true
      wasOnline = options.isOnline()
      armPeriodic()
      onlinePoll = clock.setTimeout(pollOnline, intervals.onlinePollMs)
      stopResume = options.onResume(() => {
        if (resumeTimer) clock.clearTimeout(resumeTimer)
        resumeTimer = clock.setTimeout(() => {
          resumeTimer = null
          void trigger('resume')
        }, intervals.resumeDelayMs)
      })
      // Judged a moment later, not inside 'show': whatever showed the window (say, "Sign in…" from
      // the tray) has then had its turn, and the state it left decides.
      stopShown = options.onWindowShown(() => {
        if (shownTimer) return
        shownTimer = clock.setTimeout(() => {
          shownTimer = null
          void trigger('shown')
        }, 0)
      })
    },
    stop() {
      running = false
      for (const timer of [periodic, onlinePoll, resumeTimer, shownTimer]) if (timer) clock.clearTimeout(timer)
      periodic = onlinePoll = resumeTimer = shownTimer = null
      stopResume?.()
      stopShown?.()
      stopResume = stopShown = null
    },
  }
}
