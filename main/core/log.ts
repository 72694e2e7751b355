/**
 * Logging for main, the CLI and the core: one line per event on stderr. Every line passes through
 * `redact`, so a token that slips into a message, a URL, a header dump or a response body is
 * masked before it is written. Tokens are secrets that must never reach a log.
 */

import { escapeControls } from './text/control-chars'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export type LogFields = Readonly<Record<string, unknown>>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

export interface LoggerOptions {
  /** Lowest level written; default from PLEXKEY_LOG_LEVEL, else 'info'. */
  readonly level?: LogLevel
  /** Where finished lines go; default stderr (stdout belongs to CLI output). */
  readonly sink?: (line: string) => void
  readonly now?: () => number
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 }
const MASK = '[redacted]'

/** Field names whose values are always secrets, whatever they hold. */
const SECRET_KEY = /token|secret|password|authorization|cookie|jwt/i

/** Values known to be secrets (tokens seen at run time), masked wherever they appear verbatim. */
const knownSecrets = new Set<string>()

/**
 * The forms a secret takes inside other text: itself, percent-encoded (a URL inside a URL), with
 * its control characters escaped, and
 * base64 at each of the three byte alignments. A base64 form is cut to the characters that depend
 * on the secret alone, so it is found whatever bytes surround the secret in the encoded text.
 */
function encodedForms(value: string): string[] {
  // Also as an error message quotes it with its control characters written out (Node's own
  // messages for a bad environment value, or escapeControls): `tok\x00en`.
  const forms = [value, encodeURIComponent(value), escapeControls(value)]
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(value)]).toString('base64')
    const middle = encoded.slice(4, -4)
    forms.push(middle, middle.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return forms.filter((form) => form.length >= 8)
}

/**
 * Remembers a secret so every later log line masks it, even where no pattern would catch it
 * (e.g. a bare token in an exception message). Short values are ignored: masking "abc" everywhere
 * would garble logs without protecting anything.
 */
export function rememberSecret(value: string): void {
  if (value.length >= 8) for (const form of encodedForms(value)) knownSecrets.add(form)
}

/**
 * Longest text redacted; the rest is cut off first. Every pattern below then runs in time linear
 * in what is left: no unbounded repetition is followed by anything it could give back, so a 64 KB
 * error body costs what any other line does.
 */
export const MAX_REDACTED_LENGTH = 8 * 1024

/** A secret's name, with at most 32 characters of prefix (authToken, X-Plex-Token, auth_token). */
const NAME = String.raw`[\w-]{0,32}(?:token|secret|password)`
/**
 * `name=` anywhere, `name:` only where the name starts a word: "GET /api/v2/auth/token: 401" is
 * a path and its outcome, not a secret.
 */
const PAIR = String.raw`(?:${NAME}\s{0,8}=|(?<![\w/-])${NAME}\s{0,8}:)\s{0,8}`

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // X-Plex-Token as a header line, a query parameter, a JSON key or an XML attribute.
  [/(x-plex-token["']?\s{0,8}[:=]\s{0,8}["']?)[^\s"'&,;}<>]+/gi, `$1${MASK}`],
  // JSON fields named like tokens: "authToken": "…", "accessToken":"…", "token" : "…", "auth_token"
  [new RegExp(String.raw`("[\w-]{0,32}(?:token|secret|password|jwt)"\s{0,8}:\s{0,8}")(?:[^"\\]|\\.)*"`, 'gi'), `$1${MASK}"`],
  // XML attributes and pairs: authToken="…", accessToken='…', token=…, authToken: …
  [new RegExp(String.raw`(${PAIR})(["'])[^"']*\2`, 'gi'), `$1$2${MASK}$2`],
  [new RegExp(String.raw`(${PAIR})(?!["'[{\s]|null\b)[^\s&"',;}<>]+`, 'gi'), `$1${MASK}`],
  // The same pairs percent-encoded, as in an address carried inside another address's query.
  [/((?:token|secret|password)(?:%22)?%3[ad](?:%22)?)[^\s&"',;}<>%]+/gi, `$1${MASK}`],
  // Authorization headers.
  [/(authorization["']?\s{0,8}[:=]\s{0,8}["']?(?:bearer\s{1,8})?)[^\s"',;}]+/gi, `$1${MASK}`],
  // Secret-named fields holding an array: "accessToken": ["…", "…"], authToken: [ '…' ]. The
  // whole array goes, up to its first `]` (a token has none).
  [new RegExp(String.raw`((?:"[\w-]{0,32}(?:token|secret|password|jwt)"|${NAME})\s{0,8}[:=]\s{0,8}\[)(?!redacted)[^\]]*`, 'gi'), `$1"${MASK}"`],
  // Headers dumped as name, value pairs (Node's rawHeaders, a Headers object spread to entries):
  // 'X-Plex-Token', '…' or "authorization","Bearer …", quoted; x-plex-token, … also unquoted.
  [
    new RegExp(String.raw`((["'])(?:${NAME}|x-plex-token|authorization|proxy-authorization|cookie|set-cookie)\2\s{0,8},\s{0,8}(["']))[^"']*\3`, 'gi'),
    `$1${MASK}$3`,
  ],
  [/(x-plex-token\s{0,8},\s{0,8})(?!["'\s])[^\s"',;}\]]+/gi, `$1${MASK}`],
  // Anything shaped like a JWT (Plex JWTs, device JWTs): base64url parts, the first a JSON header.
  // Each part is matched whole and never given back (a lookahead is atomic): linear on any input.
  [/\beyJ(?=([\w-]*))\1\.(?=([\w-]*))\2(?:\.(?=([\w-]*))\3)?/g, '[redacted-jwt]'],
  // Base64 of a JSON object ("eyJ" is `{"`), which may wrap a token in any field.
  [/\beyJ(?=([\w+/]{16,}))\1={0,2}/g, '[redacted-base64]'],
]

/** A character that can belong to a token or an encoded token. */
const TOKEN_CHAR = /[\w.+/%=-]/

/** Cuts text to MAX_REDACTED_LENGTH, dropping a word cut through (it may be the start of a token). */
function capped(text: string): string {
  if (text.length <= MAX_REDACTED_LENGTH) return text
  let end = MAX_REDACTED_LENGTH
  while (end > 0 && TOKEN_CHAR.test(text.charAt(end - 1))) end--
  return `${text.slice(0, end)}[${text.length - end} characters cut]`
}

function redactOnce(text: string): string {
  let out = text
  for (const secret of knownSecrets) out = out.split(secret).join(MASK)
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** One layer of quoting taken off: percent-encoding, HTML character references, JSON string escapes. */
function unwrapOnce(text: string): string {
  return text
    .replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/&(?:quot|#34|#x22|apos|#39|#x27|amp|lt|gt);/gi, (entity) => ENTITIES[entity.toLowerCase()] ?? entity)
    .replace(/\\(["\\/])/g, '$1')
    .replace(/\\u0022/gi, '"')
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&quot;': '"',
  '&#34;': '"',
  '&#x22;': '"',
  '&apos;': "'",
  '&#39;': "'",
  '&#x27;': "'",
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
}

/** Layers of quoting looked through: a value quoted three times over is as far as any log goes. */
const MAX_UNWRAP = 3

/**
 * Masks every token-like value in free text. A secret may hide under layers of quoting (an address
 * percent-encoded twice, JSON inside a JSON string, `&quot;` from XML): the text is unwrapped up to
 * MAX_UNWRAP times, and where a layer reveals a secret, that unwrapped text is what is kept, masked.
 * Each layer is one linear pass, so the whole stays linear in the (capped) text.
 */
export function redact(text: string): string {
  const out = redactOnce(capped(text))
  let layer = out
  for (let i = 0; i < MAX_UNWRAP; i++) {
    const unwrapped = unwrapOnce(layer)
    if (unwrapped === layer) break
    layer = redactOnce(unwrapped)
    if (layer !== unwrapped) return layer
  }
  return out
}

/** Every value under a secret name masked: strings, and the strings of an array, at any depth. */
function masked(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return MASK
  if (Array.isArray(value) && depth <= 6) return value.map((v) => masked(v, depth + 1))
  return scrub(value, depth)
}

/**
 * Fields are masked before they are serialised, so structure does not depend on the patterns: a
 * secret-named field loses its value, and every other string is redacted as text (serialising it
 * would escape its quotes, hiding a JSON secret inside from the patterns).
 */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value)
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { name: value.name, message: redact(value.message) }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? masked(field, depth + 1) : scrub(field, depth + 1)
  }
  return out
}

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return ''
  const parts: string[] = []
  for (const [key, value] of Object.entries(scrub(fields) as Record<string, unknown>)) {
    if (value === undefined) continue
    parts.push(`${key}=${typeof value === 'string' ? JSON.stringify(value) : safeJson(value)}`)
  }
  return parts.length ? ` ${parts.join(' ')}` : ''
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

function levelFromEnv(): LogLevel {
  const env = process.env['PLEXKEY_LOG_LEVEL']?.toLowerCase()
  return env === 'debug' || env === 'info' || env === 'warn' || env === 'error' ? env : 'info'
}

export function createLogger(scope: string, options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? levelFromEnv()]
  const sink = options.sink ?? ((line: string) => void process.stderr.write(`${line}\n`))
  const now = options.now ?? Date.now
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (RANK[level] < threshold) return
    const line = `${new Date(now()).toISOString()} ${level.toUpperCase()} [${scope}] ${message}${formatFields(fields)}`
    // Messages and fields can quote plex.tv or the keychain: a log read on a terminal must not act on them.
    sink(escapeControls(redact(line)))
  }
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  }
}
