import type { SignInState } from '../../../preload/api'
import type { Clock } from '../clock'
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
  /** Stops listening; a visit still waiting is answered "over" at once. */
  close(): void
}

/**
 * Arms the return page for a browser-mode session. A visit makes the session poll plex.tv at once
 * (the token still comes only from plex.tv), then the page says what came of it: signed in as whom
 * once the token is saved, "not yet" while plex.tv has not issued it, or that the sign-in is over.
 */
export function armBrowserReturn(options: BrowserReturnOptions): BrowserReturn {
  const { session, store, clock, log } = options
  let closed = false
  /** Visits waiting for the sign-in to end, settled as "over" by close(). */
  const waiting = new Set<(answer: ReturnAnswer) => void>()
  let stopListening: (() => void) | null = null

  async function onVisit(): Promise<ReturnAnswer> {
    if (closed) return { kind: 'ended' }
    log.info('browser returned from the sign-in page')
    const polled = await session.pollNow()
    if (polled === 'pending') return { kind: 'not-yet' }
    if (polled === 'ended') return { kind: 'ended' }
    return signInEnd()
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
    close() {
      if (closed) return
      closed = true
      stopListening?.()
      for (const finish of [...waiting]) finish({ kind: 'ended' })
    },
  }
}

/** The answer once the sign-in has ended, or null while it goes on. */
function settledAnswer(state: SignInState): ReturnAnswer | null {
  switch (state.kind) {
    case 'signed-in':
      return { kind: 'signed-in', username: state.account.username }
    case 'signed-out':
    case 'error':
      return { kind: 'ended' }
    default:
      return null
  }
}
