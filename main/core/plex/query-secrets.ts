import type { LogFields, Logger } from '../log'

const MASK = '[redacted]'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Masks the values of the named query parameters wherever an address quotes them: `?pin=4821`,
 * `&pin=…`, and the same percent-encoded inside another address (`%3Fpin%3D4821`). A Home PIN is
 * four digits: too short for the log's list of known secrets, so it is masked by its name here.
 */
export function maskQuerySecrets(text: string, names: readonly string[]): string {
  let out = text
  for (const name of names) {
    // The value runs to the next parameter, plain (&) or percent-encoded (%26).
    const pattern = new RegExp(String.raw`((?:[?&;]|%3F|%26)${escapeRegExp(name)}(?:=|%3D))(?:(?!%26)[^&#\s"'<>])*`, 'gi')
    out = out.replace(pattern, `$1${MASK}`)
  }
  return out
}

function maskValue(value: unknown, names: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return maskQuerySecrets(value, names)
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { name: value.name, message: maskQuerySecrets(value.message, names) }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, names, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, maskValue(field, names, depth + 1)]))
}

/** A logger that masks the named query parameters in every message and field before `logger` sees them. */
export function withoutQuerySecrets(logger: Logger, names: readonly string[]): Logger {
  const masked =
    (write: (message: string, fields?: LogFields) => void) =>
    (message: string, fields?: LogFields): void =>
      write(maskQuerySecrets(message, names), fields && (maskValue(fields, names, 0) as LogFields))
  return {
    debug: masked((m, f) => logger.debug(m, f)),
    info: masked((m, f) => logger.info(m, f)),
    warn: masked((m, f) => logger.warn(m, f)),
    error: masked((m, f) => logger.error(m, f)),
  }
}
