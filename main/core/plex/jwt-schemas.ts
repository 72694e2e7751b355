import { z } from 'zod'
import { rememberSecret } from '../log'
import type { PlexSigningKey } from './plex-types'
import type { Parsed } from './schemas'

/* The answers of the JWT endpoints (nonce, token, keys). Unknown fields are ignored. */

const nonceSchema = z.object({ nonce: z.string().min(1).max(512) })
const tokenSchema = z.object({ auth_token: z.string().min(1).max(16_384) })
/** A field of a public JWK: an Ed25519 `x` is 43 characters, a kid rarely more than 64. */
const jwkField = z.string().max(256)
const keysSchema = z.object({
  // plex.tv publishes its current and previous signing keys; a few more are tolerated, not hundreds.
  keys: z
    .array(
      z.object({
        kty: jwkField,
        crv: jwkField.optional(),
        x: jwkField.optional(),
        kid: jwkField.optional(),
        alg: jwkField.optional(),
        use: jwkField.optional(),
      }),
    )
    .max(16),
})

function parsed<T>(result: z.ZodSafeParseResult<T>): Parsed<T> {
  if (result.success) return { ok: true, value: result.data }
  return { ok: false, issues: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`) }
}

export function parseNonce(json: unknown): Parsed<string> {
  const result = parsed(nonceSchema.safeParse(json))
  return result.ok ? { ok: true, value: result.value.nonce } : result
}

export function parseAuthToken(json: unknown): Parsed<string> {
  const result = parsed(tokenSchema.safeParse(json))
  if (!result.ok) return result
  rememberSecret(result.value.auth_token)
  return { ok: true, value: result.value.auth_token }
}

export function parseAuthKeys(json: unknown): Parsed<readonly PlexSigningKey[]> {
  const result = parsed(keysSchema.safeParse(json))
  return result.ok ? { ok: true, value: result.value.keys } : result
}
