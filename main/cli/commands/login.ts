import type { PinMode, RetryNotice, SignInState } from '../../../preload/api'
import type { CredentialVault } from '../../core/account/credential-vault'
import { listKeptAccounts } from '../../core/account/kept-accounts'
import type { SignInService } from '../../core/signin/signin-service'
import type { AuthScheme } from '../../../preload/api'
import { type CliEnvironment, openCliCore, savedAuthScheme } from '../cli-core'
import { EXIT, type ExitCode, exitFor } from '../exit-codes'
import { createHumanLoginView, createJsonLoginView, type LoginView } from '../login-view'
import { type BrowserOutcome, browserUnavailable, openBrowser } from '../open-browser'
import { type CliIo, failureMessage, printError, printFailure } from '../output'

export interface LoginOptions {
  readonly link: boolean
  readonly browser: boolean
  readonly json: boolean
  readonly timeoutSec: number | null
  /** null: the scheme the app's settings name. */
  readonly auth: AuthScheme | null
  /** Sign in another account beside those signed in (else, signed in already, there is nothing to do). */
  readonly add: boolean
}

export interface LoginHooks {
  /** Calls `handler` on Ctrl-C (SIGINT); returns the way to stop listening. */
  onInterrupt(handler: () => void): () => void
  /** Calls `handler` once stdout can no longer be written (its reader went away, or a disk is full). */
  onOutputEnd?(handler: () => void): () => void
  /** Opens the sign-in page; the system browser unless a test says otherwise. */
  openBrowser?(url: string): Promise<BrowserOutcome>
}

/** Why the sign-in is being stopped from here, so its 'cancelled' state is told apart. */
type Stop = 'interrupted' | 'timed-out' | 'output-ended'

function waitForSignIn(
  service: SignInService,
  view: LoginView,
  io: CliIo,
  mode: PinMode,
  options: LoginOptions,
  hooks: LoginHooks,
  open: () => Promise<BrowserOutcome>,
): Promise<ExitCode> {
  return new Promise<ExitCode>((resolve) => {
    let finished = false
    let stop: Stop | null = null
    let browserAsked = !options.browser || mode !== 'browser'
    /** The retry under way, if plex.tv cannot be reached right now. */
    let unreachable: RetryNotice | null = null

    // Also what keeps the process alive: the core's own timers never do.
    const ticker = setInterval(() => view.tick(Date.now()), 1_000)
    const timeout =
      options.timeoutSec === null
        ? null
        : setTimeout(() => {
            stop = 'timed-out'
            if (!service.cancel().ok) stop = null // approved meanwhile: let the save finish
          }, options.timeoutSec * 1_000)
    let unsubscribe: () => void = () => undefined
    const stopFor = (why: Stop): void => {
      if (stop === why || finished) return
      stop = why
      // Refused only while an approved token is being saved: that ends on its own in a moment.
      if (!service.cancel().ok) stop = null
    }
    const stopListening = hooks.onInterrupt(() => stopFor('interrupted'))
    // Nobody reads the code any more (`login --json | head -1`): stop, as SIGPIPE would stop a C tool.
    const stopWatchingOutput = hooks.onOutputEnd?.(() => stopFor('output-ended')) ?? (() => undefined)

    const finish = (code: ExitCode, message?: string): void => {
      if (finished) return
      finished = true
      clearInterval(ticker)
      if (timeout) clearTimeout(timeout)
      stopListening()
      stopWatchingOutput()
      unsubscribe()
      void view.flush().then(() => {
        if (message) printError(io, message)
        resolve(code)
      })
    }

    const onState = (state: SignInState): void => {
      switch (state.kind) {
        case 'starting':
          unreachable = state.retry ?? null
          return view.starting(state.retry ?? null)
        case 'waiting': {
          unreachable = state.retry
          const pin = state.pins.find((p) => p.mode === mode)
          if (!pin) return
          view.waiting(pin, state.retry)
          if (!browserAsked) {
            browserAsked = true
            void open().then((outcome) => {
              if (!finished) view.browser(outcome)
            })
          }
          return
        }
        case 'signed-in':
          view.signedIn(state.account, state.storage, false)
          return finish(EXIT.ok)
        case 'signed-out':
          view.signedOut(state.reason)
          if (state.reason === 'expired') {
            return finish(EXIT.notApproved, 'The code expired too many times without being approved. Run `plexkey login` to try again.')
          }
          if (stop === 'output-ended') return finish(EXIT.brokenPipe)
          if (stop === 'timed-out' && unreachable) {
            // Nobody could have approved it: say why, and exit as every command does for that.
            return finish(
              EXIT.unreachable,
              `Not approved within ${options.timeoutSec} seconds, and plex.tv could not be reached meanwhile: ${unreachable.error.message} The sign-in was cancelled; try again when plex.tv answers.`,
            )
          }
          if (stop === 'timed-out') {
            return finish(EXIT.notApproved, `Not approved within ${options.timeoutSec} seconds, so the sign-in was cancelled.`)
          }
          return finish(EXIT.interrupted, 'Sign-in cancelled.')
        case 'error':
          view.error(state.error)
          return finish(exitFor(state.error), failureMessage(state.error))
        case 'restoring':
          return
      }
    }

    unsubscribe = service.subscribe((snapshot) => onState(snapshot.state))
    const started = service.start(mode)
    if (!started.ok) {
      view.error(started.error)
      finish(exitFor(started.error), failureMessage(started.error))
    }
  })
}

/**
 * Opens the live browser PIN's page in this machine's browser, with the return page armed so the
 * browser's return signs in at once. (Where no browser can open, the code way was taken instead.)
 * A browser that does not open disarms it: the address printed then is for any device, and a
 * return to 127.0.0.1 there could only fail.
 */
async function openHere(service: SignInService, open: (url: string) => Promise<BrowserOutcome>): Promise<BrowserOutcome> {
  const address = await service.browserAddress()
  if (address === null) return { kind: 'skipped', why: 'the sign-in has ended' }
  const outcome = await open(address)
  if (outcome.kind !== 'opened') service.browserNotOpened()
  return outcome
}

/**
 * `plexkey login`: a strong PIN on the hosted page by default, a 4-character code with --link.
 * The same sign-in service as the app runs it: polling, renewal at expiry, verification of the
 * token with plex.tv, and the keychain save (a failed save keeps the previous sign-in).
 */
export async function runLogin(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  options: LoginOptions,
  hooks: LoginHooks,
): Promise<ExitCode> {
  const where = { platform: environment.platform, env: environment.env }
  const unavailable = hooks.openBrowser ? null : browserUnavailable(where)
  // With no browser to open here (no display, an SSH session), the code way is the one that works:
  // a long address to retype on another device is not. --no-browser still asks for the address.
  const mode: PinMode = options.link || (options.browser && unavailable !== null) ? 'link' : 'browser'
  const view = options.json
    ? createJsonLoginView(io)
    : createHumanLoginView(io, { browserOpens: mode === 'browser' && options.browser })
  // The keychain first: if it cannot be used, say so before anyone approves a code for nothing.
  // Adding an account reads the list it joins too, so a damaged list is said before, not after.
  const stored = options.add ? await listKeptAccounts(vault) : await vault.loadActive()
  if (!stored.ok) {
    view.error(stored.error)
    return printFailure(io, stored.error)
  }
  const core = await openCliCore(environment, vault, options.auth ?? (await savedAuthScheme(environment)))
  if (!core.ok) {
    view.error(core.error)
    return printFailure(io, core.error)
  }
  const { service } = core.value
  try {
    // Another account is added whatever is signed in: the one signed in stays until it succeeds.
    if (!options.add && stored.value) {
      await service.restore()
      const state = service.getSnapshot().state
      if (state.kind === 'signed-in') {
        view.signedIn(state.account, state.storage, true)
        await view.flush()
        return EXIT.ok
      }
      if (state.kind === 'signed-out') view.signedOut(state.reason)
      if (state.kind === 'error') {
        view.error(state.error)
        await view.flush()
        return printFailure(io, state.error)
      }
    }
    const openUrl = hooks.openBrowser ?? ((url: string) => openBrowser(url, where))
    const open = () => openHere(service, openUrl)
    if (mode === 'link' && !options.link && unavailable !== null) view.browser({ kind: 'skipped', why: unavailable })
    return await waitForSignIn(service, view, io, mode, options, hooks, open)
  } finally {
    // The return page answers a browser still on its way. It does not hold the process open by
    // itself (the core's timers and listener never do): this does, until it is done.
    const hold = setInterval(() => undefined, 60_000)
    await service.settled().finally(() => clearInterval(hold))
    service.dispose()
  }
}
