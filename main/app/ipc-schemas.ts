import { z } from 'zod'
import type { AppError, InvokeChannel, InvokeRequest, Result } from '../../preload/api'

/**
 * Runtime validation of every invoke argument. The renderer is trusted to be ours (see
 * sender-check.ts) but not to be uncompromised: whatever arrives is checked before main acts on it.
 */

const pinMode = z.enum(['browser', 'link'])
/** A Media Server's clientIdentifier: the renderer names a server only by this. */
const serverRequest = z.strictObject({ clientIdentifier: z.string().regex(/^[\w-]{1,128}$/) })
/** A plex.tv account or Home user uuid (hex, sometimes with dashes). */
const uuidRequest = z.strictObject({ uuid: z.string().regex(/^[\w-]{1,64}$/) })

/** One schema per channel; the mapped type makes a missing channel a compile error. */
export const requestSchemas: { readonly [C in InvokeChannel]: z.ZodType<InvokeRequest<C>> } = {
  'auth:get-state': z.undefined(),
  'auth:start': z.strictObject({ mode: pinMode }),
  'auth:cancel': z.undefined(),
  'auth:open-browser': z.undefined(),
  'auth:copy': z.strictObject({ what: z.enum(['code', 'url']), mode: pinMode }),
  'auth:check-now': z.undefined(),
  'auth:sign-out': z.undefined(),
  'app:get-info': z.undefined(),
  'app:open-help': z.strictObject({ topic: z.enum(['link']) }),
  'app:copy-client-id': z.undefined(),
  'settings:get': z.undefined(),
  'settings:set': z.strictObject({
    openAtLogin: z.boolean().optional(),
    authScheme: z.enum(['legacy', 'jwt']).optional(),
    allowUnencryptedServers: z.boolean().optional(),
  }),
  'servers:refresh': z.undefined(),
  'servers:copy-address': serverRequest,
  'servers:open-web': serverRequest,
  'identities:get': z.undefined(),
  'accounts:add': z.strictObject({ mode: pinMode }),
  'accounts:switch': uuidRequest,
  'accounts:sign-out': uuidRequest,
  // Four digits or nothing: any other PIN is refused here, before it reaches plex.tv or a log.
  'profiles:switch': z.strictObject({ uuid: uuidRequest.shape.uuid, pin: z.string().regex(/^\d{4}$/).optional() }),
  'tools:list': z.undefined(),
  'tools:revoke': z.strictObject({ name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/) }),
  'devices:list': z.undefined(),
  'devices:remove': z.strictObject({ id: z.int().positive() }),
}

/** Keys that reach Object.prototype through careless merging; refused outright wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** No legitimate argument has a string this long, a key this deep, or this many keys. */
const MAX_STRING_LENGTH = 256
const MAX_DEPTH = 4
const MAX_KEYS = 16

function invalid(message: string): { readonly ok: false; readonly error: AppError } {
  return { ok: false, error: { code: 'invalid-argument', message, retryable: false } }
}

/** Checks the raw shape before zod sees it, so hostile values are refused cheaply and by name. */
function hostileShape(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value.length > MAX_STRING_LENGTH ? 'a text value is too long' : null
  if (value === null || typeof value !== 'object') return null
  if (depth >= MAX_DEPTH) return 'the argument is nested too deeply'
  const proto = Object.getPrototypeOf(value) as unknown
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return 'the argument is not a plain object'
  const keys = Reflect.ownKeys(value)
  if (keys.length > MAX_KEYS) return 'the argument has too many fields'
  for (const key of keys) {
    if (typeof key !== 'string') return 'the argument has a symbol key'
    if (FORBIDDEN_KEYS.has(key)) return `the field "${key}" is not allowed`
    const problem = hostileShape((value as Record<string, unknown>)[key], depth + 1)
    if (problem) return problem
  }
  return null
}

/** Validates the arguments of one invoke: zero or one plain object, exactly as the contract says. */
export function parseRequest<C extends InvokeChannel>(channel: C, args: readonly unknown[]): Result<InvokeRequest<C>> {
  if (args.length > 1) return invalid(`"${channel}" takes at most one argument.`)
  const arg = args[0]
  const problem = hostileShape(arg)
  if (problem) return invalid(`Refused "${channel}": ${problem}.`)
  const schema: z.ZodType<InvokeRequest<C>> = requestSchemas[channel]
  const parsed = schema.safeParse(arg)
  if (parsed.success) return { ok: true, value: parsed.data }
  const details = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ')
  return invalid(`Refused "${channel}": ${details}.`)
}
