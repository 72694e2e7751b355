import type { AccountView, AppError, PinView, RetryNotice, SignedOutReason, StorageView } from '../../preload/api'
import type { BrowserOutcome } from './open-browser'
import { escapeControls } from '../core/text/control-chars'
import { accountJson, type CliIo, formatDuration, printJson, printLine, storageText } from './output'
import { terminalQr } from './terminal-qr'

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
  /** Resolves once everything asked so far has been written. */
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

/** How many screen rows a line takes once the terminal wraps it. */
function rowsOf(text: string, columns: number | undefined): number {
  const width = [...text.replace(/\x1b\[[0-9;]*m/g, '')].length
  return columns && columns > 0 ? Math.max(1, Math.ceil(width / columns)) : 1
}

/**
 * For people. On a terminal the time left is one live line, redrawn every second; a --link code
 * comes with a QR code; a renewed code replaces the old block in place, and the QR code goes once
 * the sign-in ends. Elsewhere (a pipe, a log file) there are no terminal escapes and no QR code
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
  // Screen rows written so far, and where the code block and its QR code began: what to erase.
  let rowsWritten = 0
  let blockStart: number | null = null
  let qrStart: number | null = null
  // Writes stay in the order they were asked for.
  let queue: Promise<void> = Promise.resolve()
  const later = (write: () => void): void => {
    queue = queue.then(write).catch(() => undefined)
  }

  const clearLive = (): void => {
    if (liveShown) io.stdout.write('\r\x1b[2K')
    liveShown = false
  }
  const line = (text = ''): void => {
    clearLive()
    printLine(io, text)
    rowsWritten += rowsOf(escapeControls(text), io.stdout.columns)
  }
  /** A row of the QR code: drawn here with colour escapes, on a terminal only, so not escaped as text is. */
  const qrRow = (row: string): void => {
    io.stdout.write(`${row}\n`)
    rowsWritten += 1
  }
  /** Erases from the start of the row `row` to the end of the screen and leaves the cursor there. */
  const eraseFrom = (row: number | null): void => {
    if (!live || row === null) return
    clearLive()
    const up = rowsWritten - row
    if (up > 0) io.stdout.write(`\x1b[${up}F`)
    io.stdout.write('\x1b[J')
    rowsWritten = row
    if (qrStart !== null && qrStart >= row) qrStart = null
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

  function showPin(next: PinView, renewed: boolean): void {
    // On a terminal the expired code, its QR code and whatever followed them are replaced.
    if (renewed) eraseFrom(blockStart)
    blockStart = rowsWritten
    if (renewed) line('The code expired, so here is a new one.')
    if (next.mode === 'link') {
      line(`Go to ${next.url} and enter this code:`)
      line()
      line(`    ${next.code}`)
      line()
      const qr = next.qrPayload && live ? terminalQr(next.qrPayload) : []
      // A QR code cut by a narrow terminal cannot be scanned: the code above is enough then.
      if (qr.length > 0 && rowsOf(qr[0] ?? '', io.stdout.columns) === 1) {
        qrStart = rowsWritten
        line('or scan this QR code with your phone:')
        for (const row of qr) qrRow(row)
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
        // The code is spent: its QR code would only invite a scan that can do nothing.
        eraseFrom(qrStart)
        line(`Signed in to Plex as ${account.username}.`)
        line(`The token is kept in the ${storageText(storage)}.`)
      }),
    signedOut: (reason) =>
      later(() => {
        clearLive()
        eraseFrom(qrStart)
        if (reason === 'token-rejected') line('plex.tv no longer accepts the saved sign-in, so it was removed. Sign in again below.')
      }),
    error: () =>
      later(() => {
        clearLive()
        eraseFrom(qrStart)
      }),
    flush: () => queue,
  }
}
