/**
 * Logging for main, the CLI and the core: one line per event on stderr. Every line passes through
 * `redact`, so a token that slips into a message, a URL, a header dump or a response body is
 * masked before it is written. Tokens are secrets that must never reach a log.
 */

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
 * Remembers a secret so every later log line masks it, even where no pattern would catch it
 * (e.g. a bare token in an exception message). Short values are ignored: masking "abc" everywhere
 * would garble logs without protecting anything.
 */
export function rememberSecret(value: string): void {
  if (value.length >= 8) knownSecrets.add(value)
}

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // X-Plex-Token as a header line, a query parameter, a JSON key or an XML attribute.
  [/(x-plex-token["']?\s*[:=]\s*["']?)[^\s"'&,;}<>]+/gi, `$1${MASK}`],
  // JSON fields named like tokens: "authToken": "…", "accessToken":"…", "token" : "…", "auth_token"
  [/("[\w-]*(?:token|secret|password|jwt)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${MASK}"`],
  // XML attributes and key=value pairs: authToken="…", accessToken='…', token=…
  [/(\b[\w-]*(?:token|secret|password)\s*=\s*)(["'])[^"']*\2/gi, `$1$2${MASK}$2`],
  [/(\b[\w-]*(?:token|secret|password)=)(?!["'[])[^\s&"',;}<>]+/gi, `$1${MASK}`],
  // Authorization headers.
  [/(authorization["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"',;}]+/gi, `$1${MASK}`],
  // Anything shaped like a JWT (Plex JWTs, device JWTs): three base64url parts, the first a JSON header.
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[redacted-jwt]'],
]

/** Masks every token-like value in free text. */
export function redact(text: string): string {
  let out = text
  for (const secret of knownSecrets) out = out.split(secret).join(MASK)
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** Replaces secret-named fields before serialising, so structure does not depend on the patterns. */
function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && typeof field === 'string' ? MASK : scrub(field, depth + 1)
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
    sink(redact(line))
  }
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  }
}
