import type { SignInState } from '../../../preload/api'
import type { Clock, TimerHandle } from '../clock'
import { type Logger, rememberSecret } from '../log'
import type { PinSession } from './pin-session'
import type { ListenForReturn } from './return-listener'
import type { ReturnAnswer } from './return-page'
import type { SignInStore } from './signin-store'

export interface BrowserReturnOptions {
  /** The browser-mode session the visit speaks for. */
  readonly session: PinSession
  readonly store: SignInStore
  readonly clock: Clock
  readonly log: Logger
  /** The longest a visit waits for its answer; then the page says "not yet" and polling goes on. */
  readonly answerWithinMs: number
  /** Starts the listener on 127.0.0.1. */
  readonly listen: ListenForReturn
}

/** The return page of one browser sign-in: a listener on 127.0.0.1 and what a visit does. */
export interface BrowserReturn {
  /** The address for `forwardUrl`, or null when nothing could listen (then polling alone decides). */
  readonly address: Promise<string | null>
  /**
   * The sign-in was approved and saved. plex.tv approves before Plex's page sends the browser
   * back, so a poll can see the approval first, and a page closed then would greet the browser
   * with "this site can't be reached". Instead it keeps answering for `ms`, telling every visit
   * that the sign-in is complete, and closes when the time is up. It never closes on a visit: the
   * first visit may be another local user's, who could then take the freed port and greet the
   * real browser with a page of their own. Resolves once a visit has been told (or the page is
   * closed), so a command can go on; the page itself answers on until its time is up.
   */
  linger(ms: number): Promise<void>
  /** Resolves once the page has stopped listening. */
  readonly closed: Promise<void>
  /** Stops listening; a visit still waiting is answered "over" at once. */
  close(): void
}

/**
 * Arms the return page for a browser-mode session. A visit makes the session poll plex.tv at once
 * (the token still comes only from plex.tv), then the page says what came of it: that the sign-in
 * is complete once the token is saved (never as whom: anyone on this computer may visit), "not
 * yet" while plex.tv has not issued it, or that the sign-in is over.
 */
export function armBrowserReturn(options: BrowserReturnOptions): BrowserReturn {
  const { session, store, clock, log } = options
  let closed = false
  let markClosed: () => void = () => undefined
  const closedPromise = new Promise<void>((resolve) => {
    markClosed = resolve
  })
  /** Visits waiting for the sign-in to end, settled as "over" by close(). */
  const waiting = new Set<(answer: ReturnAnswer) => void>()
  let stopListening: (() => void) | null = null
  /** A visit has been told the sign-in is complete. */
  let told = false
  /** Waiting for a visit to be told (see linger). */
  const toldListeners = new Set<() => void>()
  /** Set once the sign-in is approved and saved: the page's last moments, ended by its timer or close(). */
  let lingerTimer: TimerHandle | null = null

  async function onVisit(): Promise<ReturnAnswer> {
    if (closed) return { kind: 'ended' }
    log.info('browser returned from the sign-in page')
    // Saved already: nothing to ask plex.tv; every visit hears the same.
    const answer = lingerTimer !== null ? ({ kind: 'complete' } as const) : await answerVisit()
    if (answer.kind === 'complete') {
      told = true
      for (const listener of [...toldListeners]) listener()
    }
    return answer
  }

  async function answerVisit(): Promise<ReturnAnswer> {
    const polled = await session.pollNow()
    if (polled === 'pending') return { kind: 'not-yet' }
    if (polled === 'ended') return { kind: 'ended' }
    return signInEnd()
  }

  function close(): void {
    if (closed) return
    closed = true
    stopListening?.()
    for (const finish of [...waiting]) finish({ kind: 'ended' })
    for (const listener of [...toldListeners]) listener()
    if (lingerTimer !== null) clock.clearTimeout(lingerTimer)
    markClosed()
  }

  /** plex.tv issued the token: wait for it to be checked and saved, as far as `answerWithinMs`. */
  function signInEnd(): Promise<ReturnAnswer> {
    return new Promise((resolve) => {
      const now = settledAnswer(store.state())
      if (now || closed) return resolve(now ?? { kind: 'ended' })
      const finish = (answer: ReturnAnswer): void => {
        waiting.delete(finish)
        unsubscribe()
        clock.clearTimeout(timer)
        resolve(answer)
      }
      const unsubscribe = store.subscribe(({ state }) => {
        const answer = settledAnswer(state)
        if (answer) finish(answer)
      })
      const timer = clock.setTimeout(() => finish({ kind: 'not-yet' }), options.answerWithinMs)
      waiting.add(finish)
    })
  }

  const address = options.listen({ onVisit }).then((listening) => {
    if (!listening.ok) {
      log.warn('no return page; polling alone will notice the approval', { message: listening.error.message })
      return null
    }
    // Not the token, but only the browser needs it: every log line masks it.
    rememberSecret(new URL(listening.value.url).pathname.slice(1))
    if (closed) {
      listening.value.close()
      return null
    }
    stopListening = listening.value.close
    log.info('return page ready; polling slows while the browser is away')
    return listening.value.url
  })

  return {
    address,
    linger(ms) {
      if (closed) return Promise.resolve()
      lingerTimer ??= clock.setTimeout(close, ms)
      if (told) return Promise.resolve()
      return new Promise((resolve) => {
        const done = (): void => {
          toldListeners.delete(done)
          resolve()
        }
        toldListeners.add(done)
      })
    },
    closed: closedPromise,
    close,
  }
}

/** The answer once the sign-in has ended, or null while it goes on. */
function settledAnswer(state: SignInState): ReturnAnswer | null {
  switch (state.kind) {
    case 'signed-in':
      return { kind: 'complete' }
    case 'signed-out':
    case 'error':
      return { kind: 'ended' }
    default:
      return null
  }
}
