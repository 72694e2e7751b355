import type { AccountView, AppError, PinView, RetryNotice, SignedOutReason, StorageView } from '../../preload/api'
import ansiEscapes from 'ansi-escapes'
import { createLogUpdate } from 'log-update'
import stringWidth from 'string-width'
import type { BrowserOutcome } from './open-browser'
import { escapeControls } from '../core/text/control-chars'
import { accountJson, type CliIo, formatDuration, printJson, printLine, storageLines } from './output'
import { terminalQr } from './terminal-qr'
import { fitOneRow, rowsOf, terminalSize, wrapToRows } from './terminal-fit'

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

/** Characters a glance (or a font without a slashed zero) can mistake for each other, as the window says them. */
const LOOKALIKES: readonly (readonly [string, string])[] = [
  ['0', '0 is zero'],
  ['O', 'O is the letter O'],
]

/** The code, bold on a terminal, followed by which of 0 and O it holds when it holds either. */
function codeLine(code: string, bold: boolean): string {
  const hint = LOOKALIKES.flatMap(([char, words]) => (code.includes(char) ? [words] : [])).join(', ')
  const shown = bold ? `\x1b[1m${escapeControls(code)}\x1b[22m` : escapeControls(code)
  return `    ${shown}${hint === '' ? '' : `   (${hint})`}`
}

const RENEWED = 'The code expired, so here is a new one.'
const LINK_FALLBACK = 'or use a code: `plexkey login --link`'

export interface HumanLoginViewOptions {
  readonly now?: () => number
  /**
   * The browser way, with this machine's browser being opened: the address is printed only if it
   * does not open (it is long, and carries nothing a person needs once the page is open).
   */
  readonly browserOpens?: boolean
}

/**
 * For people, as gh does it: instructions, the code and the time left go to stderr, the outcome
 * ("Signed in to Plex as …") to stdout. On a terminal the code block, its QR code and the time
 * left are one live block redrawn in place (log-update: it erases the rows it wrote, wrapped ones
 * included), each of its lines fitted to the terminal's width; a renewed code replaces the block,
 * and the QR code and the countdown go once the sign-in ends. Elsewhere (a pipe, a log file)
 * there are no escapes and no QR code (drawn with colour escapes, it would be noise there), and a
 * line is written only when something changes.
 */
export function createHumanLoginView(io: CliIo, options: HumanLoginViewOptions = {}): LoginView {
  const now = options.now ?? Date.now
  const talk = io.stderr
  const live = talk.isTTY === true
  // showCursor: a hidden cursor needs signal handlers to show it again at exit, and those would
  // change how Ctrl-C ends the process, which the sign-in handles itself.
  const frame = live ? createLogUpdate(talk as unknown as NodeJS.WritableStream, { showCursor: true }) : null
  let pin: PinView | null = null
  let retry: RetryNotice | null = null
  /** While the first code is being created: the retry under way. */
  let startRetry: RetryNotice | null = null
  let ended = false
  /**
   * The rows written since the browser way's address was printed, that address included. It is
   * printed whole, outside the live block, so the terminal wraps it softly and it stays one
   * address to click or copy (log-update would break it with hard line breaks); so its rows are
   * counted here, to erase it when a renewed code replaces it.
   */
  let addressRows: number | null = null
  // Writes stay in the order they were asked for.
  let queue: Promise<void> = Promise.resolve()
  const later = (write: () => void): void => {
    queue = queue.then(write).catch(() => undefined)
  }

  /** A line already made safe to show (its text from plex.tv escaped) that stays on screen. */
  const put = (shown: string): void => {
    talk.write(`${shown}\n`)
    if (addressRows !== null) addressRows += rowsOf(shown, terminalSize(talk).columns)
  }
  const write = (text: string): void => put(escapeControls(text))
  /** Lines that stay: written above the live block, which is then drawn again below them. */
  const say = (...texts: string[]): void => {
    frame?.clear()
    for (const text of texts) write(text)
    draw(now())
  }

  const statusLine = (at: number, columns: number): string => {
    const left = formatDuration((pin?.expiresAt ?? at) - at)
    if (retry) {
      const next = formatDuration(retry.retryAt - at)
      return fitOneRow(
        [
          `plex.tv did not answer as expected; trying again in ${next} (the code expires in ${left}; Ctrl-C to cancel)`,
          `plex.tv did not answer; trying again in ${next} (code expires in ${left})`,
          `Retrying in ${next}; code expires in ${left}`,
        ],
        columns,
      )
    }
    return fitOneRow([`Waiting for approval (the code expires in ${left}; Ctrl-C to cancel)`, `Waiting (the code expires in ${left})`], columns)
  }

  /** The code way's instructions, escaped: the code is bold on a terminal. */
  const codeText = (current: PinView): string[] => [`Enter this code at ${escapeControls(current.url)}:`, '', codeLine(current.code, live)]

  /**
   * The code way's block in rows of the terminal, with the QR code where the terminal has room for
   * all of it: one cut by a narrow or short terminal cannot be scanned, and the code is enough then.
   * log-update keeps the row under its block for the cursor, so the block has one row less.
   */
  const codeRows = (current: PinView, withQr: boolean, otherRows: number): string[] => {
    const { columns, rows } = terminalSize(talk)
    const text = codeText(current).flatMap((line) => wrapToRows(line, columns))
    const qr = withQr && current.qrPayload ? terminalQr(current.qrPayload) : []
    const caption = wrapToRows('or scan this QR code with your phone:', columns)
    const fits = qr.length > 0 && stringWidth(qr[0] ?? '') <= columns && text.length + caption.length + qr.length + otherRows < rows
    return fits ? [...text, ...caption, ...qr] : text
  }

  /** The live block as it stands: without the QR code and the countdown once the sign-in ended. */
  const blockLines = (at: number, open: boolean): string[] => {
    const { columns } = terminalSize(talk)
    if (!pin) {
      if (!startRetry || !open) return []
      const text = `No sign-in code yet: ${escapeControls(startRetry.error.message)} Trying again in ${formatDuration(startRetry.retryAt - at)}.`
      return wrapToRows(text, columns)
    }
    const notice = pin.renewals > 0 && pin.mode === 'link' ? wrapToRows(RENEWED, columns) : []
    const status = open ? [statusLine(at, columns)] : []
    const code = pin.mode === 'link' ? codeRows(pin, open, notice.length + status.length) : []
    return [...notice, ...code, ...status]
  }

  function draw(at: number): void {
    if (!frame || ended) return
    const lines = blockLines(at, true)
    if (lines.length === 0) frame.clear()
    else frame(lines.join('\n'))
  }

  /** The browser way's address (after `why` no browser shows it), replacing the one a renewed code made stale. */
  const showAddress = (current: PinView, why: string | null): void => {
    frame?.clear()
    if (frame && addressRows !== null) talk.write(ansiEscapes.eraseLines(addressRows + 1))
    addressRows = 0
    if (current.renewals > 0) write(RENEWED)
    if (why !== null) write(`${why}: open this page yourself, ${LINK_FALLBACK}.`)
    write('Sign in to Plex on this page:')
    write(`  ${current.url}`)
  }

  function showPin(next: PinView): void {
    if (next.mode === 'browser' && (next.renewals > 0 || !options.browserOpens)) showAddress(next, null)
    if (!live) {
      if (next.mode === 'link') {
        if (next.renewals > 0) write(RENEWED)
        for (const line of codeText(next)) put(line)
      }
      write(`Waiting for approval; the code expires at ${clockTime(next.expiresAt)} (in ${formatDuration(next.expiresAt - now())}).`)
    }
    draw(now())
  }

  /** The sign-in is over: the live block stays as it is without its QR code and countdown. */
  const end = (): void => {
    if (!frame || ended) return
    const lines = blockLines(now(), false)
    if (lines.length === 0) frame.clear()
    else frame(lines.join('\n'))
    frame.done()
    ended = true
  }

  return {
    starting: (nextRetry) => {
      if (nextRetry === null || nextRetry.retryAt === startRetry?.retryAt) return
      startRetry = nextRetry
      if (live) later(() => draw(now()))
      else {
        later(() =>
          write(
            `No sign-in code yet: ${nextRetry.error.message} Trying again in ${formatDuration(nextRetry.retryAt - now())} (at ${clockTime(nextRetry.retryAt)}).`,
          ),
        )
      }
    },
    waiting: (next, nextRetry) => {
      const fresh = pin?.pinId !== next.pinId
      const retryChanged = (retry?.retryAt ?? null) !== (nextRetry?.retryAt ?? null)
      pin = next
      retry = nextRetry
      if (fresh) later(() => showPin(next))
      else if (retryChanged && !live && nextRetry) {
        later(() => write(`${nextRetry.error.message} Trying again in ${formatDuration(nextRetry.retryAt - now())}.`))
      } else later(() => draw(now()))
    },
    browser: (outcome) =>
      later(() => {
        if (outcome.kind === 'opened') say(`Opened the sign-in page in your browser; ${LINK_FALLBACK}`)
        // No browser here at all: the code way was taken instead, which needs none.
        else if (pin === null || pin.mode === 'link') say(`No browser here (${outcome.why}), so here is a code for another device.`)
        else showAddress(pin, outcome.kind === 'skipped' ? `No browser was opened (${outcome.why})` : `The browser could not be opened (${outcome.why})`)
        draw(now())
      }),
    tick: (at) => later(() => draw(at)),
    signedIn: (account, storage, already) =>
      later(() => {
        if (already) {
          printLine(io, `Already signed in to Plex as ${account.username}. Run \`plexkey login --add\` to sign in another account as well.`)
          return
        }
        // The code is spent: its QR code would only invite a scan that can do nothing.
        end()
        printLine(io, `Signed in to Plex as ${account.username}.`)
        for (const line of storageLines(storage)) printLine(io, line)
      }),
    signedOut: (reason) =>
      later(() => {
        if (reason === 'token-rejected') say('plex.tv no longer accepts the saved sign-in, so it was removed. Sign in again below.')
        else end()
      }),
    error: () => later(end),
    flush: () => queue,
  }
}
