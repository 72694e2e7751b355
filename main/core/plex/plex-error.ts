import { redact } from '../log'
import type { NetworkFailureKind } from '../net/network-failure'
import { flattenControls } from '../text/control-chars'
import type { PlexError } from './plex-types'

/** The user-facing sentence for each error. UI copy is keyed on `code`; these are for logs and the CLI. */
const MESSAGES = {
  network: 'Plexkey could not reach plex.tv. Check your internet connection.',
  certificate:
    'Plexkey could not verify that it was talking to plex.tv (its certificate was not accepted). A Wi-Fi sign-in page or a proxy may be in the way.',
  cancelled: 'The request to plex.tv was cancelled.',
  timeout: 'plex.tv took too long to answer.',
  'rate-limited': 'plex.tv asked Plexkey to slow down.',
  'pin-expired': 'This sign-in code has expired or is no longer known to plex.tv.',
  'token-rejected': 'plex.tv no longer accepts this sign-in. Please sign in again.',
  'token-expired': 'The sign-in token has expired; Plexkey fetches a fresh one.',
  'bad-response': 'plex.tv sent an answer Plexkey could not read',
  'home-pin-required': 'This Home profile needs its PIN, and it was missing or wrong.',
  'device-gone': 'plex.tv no longer lists this device.',
} as const

type Extra = Partial<Pick<PlexError, 'status' | 'plexCode' | 'retryAfterMs' | 'tokenExpired'>>

function make(code: PlexError['code'], message: string, retryable: boolean, extra: Extra = {}): PlexError {
  const error: { -readonly [K in keyof PlexError]: PlexError[K] } = { code, message, retryable }
  if (extra.status !== undefined) error.status = extra.status
  if (extra.plexCode !== undefined) error.plexCode = extra.plexCode
  if (extra.retryAfterMs !== undefined) error.retryAfterMs = extra.retryAfterMs
  if (extra.tokenExpired) error.tokenExpired = true
  return error
}

export const plexErrors = {
  /**
   * Every kind stays retryable: a refusal, a name that does not resolve or a certificate that is not
   * plex.tv's (a Wi-Fi sign-in page answering in its place) can all pass without anything changing here.
   */
  network: (kind: NetworkFailureKind = 'other'): PlexError =>
    make('network', kind === 'certificate' ? MESSAGES.certificate : MESSAGES.network, true),
  cancelled: (): PlexError => make('network', MESSAGES.cancelled, false),
  timeout: (): PlexError => make('timeout', MESSAGES.timeout, true),
  rateLimited: (extra: Extra): PlexError => make('rate-limited', MESSAGES['rate-limited'], true, extra),
  pinExpired: (extra: Extra = {}): PlexError => make('pin-expired', MESSAGES['pin-expired'], false, extra),
  tokenRejected: (extra: Extra = {}): PlexError => make('token-rejected', MESSAGES['token-rejected'], false, extra),
  /** 498: the JWT expired. Same code as a rejection (callers that cannot refresh treat it so), but marked. */
  tokenExpired: (extra: Extra = {}): PlexError =>
    make('token-rejected', MESSAGES['token-expired'], false, { ...extra, tokenExpired: true }),
  homePinRequired: (extra: Extra = {}): PlexError => make('home-pin-required', MESSAGES['home-pin-required'], false, extra),
  deviceGone: (extra: Extra = {}): PlexError => make('device-gone', MESSAGES['device-gone'], false, extra),
  /** `detail` says what was wrong, in words; a captive portal or proxy can cause it, so it is worth retrying. */
  badResponse: (detail: string, extra: Extra = {}): PlexError =>
    make('bad-response', `${MESSAGES['bad-response']} (${detail}).`, true, extra),
  plexError: (status: number, plexMessage: string | undefined, extra: Extra = {}): PlexError =>
    make(
      'plex-error',
      `plex.tv answered with an error (HTTP ${status}${plexMessage ? `: ${plexMessage}` : ''}).`,
      status >= 500 || status === 408,
      { ...extra, status },
    ),
}

export interface PlexErrorBody {
  readonly plexCode?: number
  readonly message?: string
}

/**
 * Keeps a server-sent message printable, token-free and short before it is shown to anyone: it
 * reaches the CLI's stderr and the window through IPC, where no log redaction runs. Redacted
 * before it is cut, so a cut through the middle of a token cannot leave a part no pattern knows.
 */
function tidy(message: string): string {
  const flat = redact(flattenControls(message).trim())
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat
}

/**
 * The character a numeric reference names, or nothing for one that names none (above U+10FFFF,
 * where String.fromCodePoint throws and would turn a readable error into an unreadable answer).
 */
function codePoint(value: number): string {
  const named = Number.isInteger(value) && value <= 0x10ffff && (value < 0xd800 || value > 0xdfff)
  return named ? String.fromCodePoint(value) : ''
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&#(\d{1,8});/g, (_, n: string) => codePoint(Number(n)))
    .replace(/&#x([0-9a-f]{1,8});/gi, (_, n: string) => codePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/**
 * The first error of plex.tv's error envelope, from JSON (`{"errors":[{code,message}]}`) or XML
 * (`<errors><error code=".." message=".."/></errors>`, or `<error>Invalid token</error>`).
 * Error bodies are read in either format: plex.tv does not always honour Accept on errors.
 */
export function parseErrorBody(text: string): PlexErrorBody {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { errors?: { code?: unknown; message?: unknown }[]; error?: unknown }
      const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined
      const code = typeof first?.code === 'number' ? first.code : undefined
      const message = typeof first?.message === 'string' ? first.message : typeof parsed.error === 'string' ? parsed.error : undefined
      return { ...(code !== undefined ? { plexCode: code } : {}), ...(message ? { message: tidy(message) } : {}) }
    } catch {
      return {}
    }
  }
  if (trimmed.startsWith('<')) {
    const tag = /<error\b([^>]*?)(?:\/>|>([^<]*)<\/error>)/i.exec(trimmed)
    if (!tag) return {}
    const attrs = tag[1] ?? ''
    const code = /\bcode="(\d+)"/.exec(attrs)?.[1]
    const message = /\bmessage="([^"]*)"/.exec(attrs)?.[1] ?? tag[2]
    return {
      ...(code !== undefined ? { plexCode: Number(code) } : {}),
      ...(message?.trim() ? { message: tidy(decodeXmlEntities(message)) } : {}),
    }
  }
  return {}
}
