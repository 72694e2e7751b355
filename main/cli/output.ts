import type { AccountView, AppError, StorageView } from '../../preload/api'
import { escapeControls, escapeJsonControls } from '../core/text/control-chars'
import { EXIT, type ExitCode, exitFor } from './exit-codes'

/** The part of a stream the CLI writes to: process.stdout and stderr, or a test's capture. */
export interface CliStream {
  write(text: string): unknown
  readonly isTTY?: boolean
  /** A terminal's width, where known: a longer line takes more than one row of the screen. */
  readonly columns?: number
  /** A terminal's height, where known: a block redrawn in place must fit in it. */
  readonly rows?: number
}

export interface CliIo {
  readonly stdout: CliStream
  readonly stderr: CliStream
}

/**
 * Errors go to stderr, as the one or two plain sentences the core already wrote for people. They
 * can quote plex.tv or the keychain, so their control characters are shown, never obeyed.
 */
export function printError(io: CliIo, error: Pick<AppError, 'message'> | string): void {
  io.stderr.write(`${escapeControls(typeof error === 'string' ? error : error.message)}\n`)
}

/**
 * A failure's message as a command's last words: an error plex.tv answered with (a 5xx) gets the
 * advice that an unreachable plex.tv gets, since it ends the same way (exit 3).
 */
export function failureMessage(error: Pick<AppError, 'code' | 'status' | 'message'>): string {
  if (error.code === 'plex-error' && exitFor(error) === EXIT.unreachable) {
    return `${error.message} plex.tv is having trouble; try again in a few minutes.`
  }
  return error.message
}

/** A failure the core reported: its message on stderr, and the exit status its code maps to. */
export function printFailure(io: CliIo, error: Pick<AppError, 'code' | 'status' | 'message'>): ExitCode {
  printError(io, failureMessage(error))
  return exitFor(error)
}

/** One line for people on stdout; account names and codes in it come from plex.tv, so escaped as in printError. */
export function printLine(io: CliIo, text = ''): void {
  io.stdout.write(`${escapeControls(text)}\n`)
}

/** One JSON object on one line (JSON Lines), for `--json`: the same values, but inert on a terminal. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${escapeJsonControls(JSON.stringify(value))}\n`)
}

/**
 * The account as `--json` prints it. A field that is not known (null: restored while plex.tv could
 * not be reached) is left out rather than guessed, in every command alike.
 */
export function accountJson(account: AccountView): Readonly<Record<string, unknown>> {
  const fields = {
    id: account.id,
    uuid: account.uuid,
    username: account.username,
    title: account.title,
    email: account.email,
    hasPlexPass: account.hasPlexPass,
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null))
}

/** Where a token is kept, in two lines: the entry's name alone would push one line past 80 columns. */
export function storageLines(storage: StorageView): readonly [string, string] {
  return [`The token is kept in the ${storage.name},`, `service "${storage.service}", account "${storage.account}".`]
}

/** "12:05" for a countdown; "1:02:05" past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
