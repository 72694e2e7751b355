import { toString as qrToString } from 'qrcode'
import type { AccountView, AppError, PinView, RetryNotice, SignedOutReason, StorageView } from '../../preload/api'
import type { BrowserOutcome } from './open-browser'
import { accountJson, type CliIo, formatDuration, printJson, printLine, storageText } from './output'

/** What `plexkey login` shows as the sign-in moves along; one implementation for people, one for --json. */
export interface LoginView {
  /** `retry`: the first code could not be created yet, and when the next try is. */
  starting(retry: RetryNotice | null): void
  waiting(pin: PinView, retry: RetryNotice | null): void
  browser(outcome: BrowserOutcome): void
  /** Once a second while waiting, for the countdown. */
  tick(now: number): void
  signedIn(account: AccountView, storage: StorageView, already: boolean): void
  signedOut(reason: SignedOutReason | undefined): void
  error(error: AppError): void
  /** Resolves once everything asked so far has been written (the QR code is drawn asynchronously). */
  flush(): Promise<void>
}

/** --json: one object per line per change; the same change twice is written once. Never the token. */
export function createJsonLoginView(io: CliIo): LoginView {
  let last = ''
  const emit = (value: unknown): void => {
    const line = JSON.stringify(value)
    if (line === last) return
    last = line
    printJson(io, value)
  }
  return {
    starting: (retry) => emit({ kind: 'starting', ...(retry ? { retry: retryJson(retry) } : {}) }),
    waiting: (pin, retry) =>
      emit({
        kind: 'waiting',
        mode: pin.mode,
        code: pin.code,
        url: pin.url,
        pinId: pin.pinId,
        expiresAt: new Date(pin.expiresAt).toISOString(),
        renewals: pin.renewals,
        ...(pin.qrPayload ? { qrPayload: pin.qrPayload } : {}),
        ...(retry ? { retry: retryJson(retry) } : {}),
      }),
    browser: (outcome) => emit({ kind: 'browser', outcome: outcome.kind, ...('why' in outcome ? { why: outcome.why } : {}) }),
    tick: () => undefined,
    signedIn: (account, storage, already) =>
      emit({ kind: 'signed-in', account: accountJson(account), storage, ...(already ? { alreadySignedIn: true } : {}) }),
    signedOut: (reason) => emit({ kind: 'signed-out', ...(reason ? { reason } : {}) }),
    error: (error) => emit({ kind: 'error', error: { code: error.code, message: error.message } }),
    flush: () => Promise.resolve(),
  }
}

function retryJson(retry: RetryNotice): Readonly<Record<string, string>> {
  return { code: retry.error.code, message: retry.error.message, retryAt: new Date(retry.retryAt).toISOString() }
}

function clockTime(at: number): string {
  const d = new Date(at)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

/**
 * For people. On a terminal the time left is one live line, redrawn every second, and a --link code
 * comes with a QR code; elsewhere (a pipe, a log file) there are no terminal escapes and no QR code
 * (drawn with colour escapes, it would be noise there), and a line is written only when something
 * changes.
 */
export function createHumanLoginView(io: CliIo, now: () => number = Date.now): LoginView {
  const live = io.stdout.isTTY === true
  let pin: PinView | null = null
  let retry: RetryNotice | null = null
  let liveShown = false
  /** The retry already announced while the first code is being created. */
  let startRetryAt: number | null = null
  // Writes stay in order even though drawing a QR code is asynchronous.
  let queue: Promise<void> = Promise.resolve()
  const later = (write: () => void | Promise<void>): void => {
    queue = queue.then(write).catch(() => undefined)
  }

  const clearLive = (): void => {
    if (liveShown) io.stdout.write('\r\x1b[2K')
    liveShown = false
  }
  const line = (text = ''): void => {
    clearLive()
    printLine(io, text)
  }
  const drawLive = (at: number): void => {
    if (!live || !pin) return
    const left = pin.expiresAt - at
    const status = retry
      ? `plex.tv did not answer as expected; trying again in ${formatDuration(retry.retryAt - at)}`
      : 'Waiting for approval'
    io.stdout.write(`\r\x1b[2K${status} (the code expires in ${formatDuration(left)}; Ctrl-C to cancel)`)
    liveShown = true
  }

  async function showPin(next: PinView, renewed: boolean): Promise<void> {
    if (renewed) line('The code expired, so here is a new one.')
    if (next.mode === 'link') {
      line(`Go to ${next.url} and enter this code:`)
      line()
      line(`    ${next.code}`)
      line()
      if (next.qrPayload && live) {
        const qr = await qrToString(next.qrPayload, { type: 'terminal', small: true })
        line('or scan this QR code with your phone:')
        // Drawn by us with colour escapes, on a terminal only: the one line not passed through printLine.
        clearLive()
        io.stdout.write(`${qr.trimEnd()}\n`)
      }
    } else {
      line('Sign in to Plex on this page:')
      line(`  ${next.url}`)
    }
    if (!live) line(`Waiting for approval; the code expires at ${clockTime(next.expiresAt)} (in ${formatDuration(next.expiresAt - now())}).`)
    drawLive(now())
  }

  return {
    starting: (nextRetry) => {
      if (nextRetry === null || nextRetry.retryAt === startRetryAt) return
      startRetryAt = nextRetry.retryAt
      later(() =>
        line(
          `No sign-in code yet: ${nextRetry.error.message} Trying again in ${formatDuration(nextRetry.retryAt - now())} (at ${clockTime(nextRetry.retryAt)}).`,
        ),
      )
    },
    waiting: (next, nextRetry) => {
      const previous = pin
      const fresh = previous?.pinId !== next.pinId
      const retryChanged = (retry?.retryAt ?? null) !== (nextRetry?.retryAt ?? null)
      pin = next
      retry = nextRetry
      if (fresh) later(() => showPin(next, previous !== null))
      else if (retryChanged && !live && nextRetry) {
        later(() => line(`${nextRetry.error.message} Trying again in ${formatDuration(nextRetry.retryAt - now())}.`))
      } else later(() => drawLive(now()))
    },
    browser: (outcome) =>
      later(() => {
        if (outcome.kind === 'opened') line('Opened it in your browser.')
        // The address is long to retype on another device; the 4-character code is made for that.
        else if (outcome.kind === 'skipped') {
          const hint = 'To sign in from another device, press Ctrl-C and run `plexkey login --link` for a short code.'
          line(`No browser was opened (${outcome.why}). ${hint}`)
        } else line(`The browser could not be opened (${outcome.why}): open the address yourself.`)
        drawLive(now())
      }),
    tick: (at) => later(() => drawLive(at)),
    signedIn: (account, storage, already) =>
      later(() => {
        if (already) {
          line(`Already signed in to Plex as ${account.username}. Run \`plexkey logout\` first to sign in with another account.`)
          return
        }
        line(`Signed in to Plex as ${account.username}.`)
        line(`The token is kept in the ${storageText(storage)}.`)
      }),
    signedOut: (reason) =>
      later(() => {
        clearLive()
        if (reason === 'token-rejected') line('plex.tv no longer accepts the saved sign-in, so it was removed. Sign in again below.')
      }),
    error: () => later(clearLive),
    flush: () => queue,
  }
}
