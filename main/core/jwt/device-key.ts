import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, importJWK } from 'jose'
import { z } from 'zod'
import type { AppError, Result } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { type Logger, rememberSecret } from '../log'
import type { DevicePublicJwk } from '../plex/plex-types'
import { ok } from '../result'

/**
 * The device key: one Ed25519 key pair per client id. plex.tv binds every Plex JWT it issues to
 * the public half (the `thumbprint` claim); refreshing one means signing with the private half.
 *
 * The private key lives in the credential vault (the OS keychain) as a JWK under
 * `device-key:<clientId>`, and in memory; never in a file or a log line.
 */
export interface DeviceKey {
  /** RFC 7638 thumbprint of the public key, also its `kid`. */
  readonly kid: string
  readonly publicJwk: DevicePublicJwk
  readonly privateKey: CryptoKey
}

export const deviceKeySecretName = (clientId: string): string => `device-key:${clientId}`

/** What the keychain holds: the private JWK (the public `x` comes with it). */
const storedKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[\w-]{43}$/),
  d: z.string().regex(/^[\w-]{43}$/),
})

/** What reading the stored key found. A keychain failure is a plain error: nothing is known then. */
export type StoredKey =
  | { readonly kind: 'found'; readonly key: DeviceKey }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string }

async function fromPrivateJwk(jwk: z.infer<typeof storedKeySchema>): Promise<DeviceKey> {
  // importJWK refuses a `d` that does not belong to `x`, so a half-overwritten entry is caught here.
  const privateKey = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey
  const publicPart = { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
  // kid = the RFC 7638 thumbprint, not a random id or python-plexapi's sha256(priv||pub): it is
  // derived from the public key alone (nothing secret goes into it), stable across restarts
  // without storing it, and equal to what plex.tv would compute as the key's thumbprint, so the
  // Plex JWT's `thumbprint` claim can be compared with it whichever of the two plex.tv echoes.
  const kid = await calculateJwkThumbprint(publicPart, 'sha256')
  return { kid, privateKey, publicJwk: { ...publicPart, kid, use: 'sig', alg: 'EdDSA' } }
}

/** Reads the device key of a client id from the vault. */
export async function readDeviceKey(vault: CredentialVault, clientId: string): Promise<Result<StoredKey>> {
  const stored = await vault.getSecret(deviceKeySecretName(clientId))
  if (!stored.ok) return stored
  if (stored.value === null) return ok({ kind: 'missing' })
  rememberSecret(stored.value)
  let json: unknown
  try {
    json = JSON.parse(stored.value)
  } catch {
    return ok({ kind: 'corrupt', reason: 'not JSON' })
  }
  const parsed = storedKeySchema.safeParse(json)
  if (!parsed.success) return ok({ kind: 'corrupt', reason: 'not an Ed25519 private JWK' })
  rememberSecret(parsed.data.d)
  try {
    return ok({ kind: 'found', key: await fromPrivateJwk(parsed.data) })
  } catch {
    return ok({ kind: 'corrupt', reason: 'the private and public halves do not match' })
  }
}

async function createDeviceKey(vault: CredentialVault, clientId: string): Promise<Result<DeviceKey>> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const { kty, crv, x, d } = await exportJWK(pair.privateKey)
  const jwk = storedKeySchema.parse({ kty, crv, x, d })
  const serialized = JSON.stringify(jwk)
  rememberSecret(jwk.d)
  rememberSecret(serialized)
  const saved = await vault.setSecret(deviceKeySecretName(clientId), serialized)
  if (!saved.ok) return saved
  return ok(await fromPrivateJwk(jwk))
}

/** The device key, or why not; `permanent` when no retry can bring it back. */
export type DeviceKeyLoad =
  | { readonly ok: true; readonly value: DeviceKey }
  | { readonly ok: false; readonly error: AppError; readonly permanent: boolean }

export interface LoadDeviceKeyOptions {
  readonly vault: CredentialVault
  readonly clientId: string
  readonly logger: Logger
}

/**
 * The device key for a new sign-in: the stored one, or a new one when none is stored.
 *
 * A corrupt stored key is replaced here, and only here: a new sign-in registers whatever key it
 * is given, and while one runs there is no saved Plex JWT bound to the old key (starting one
 * needs a signed-out or failed state), so nothing that still works is lost. A keychain that cannot
 * be read is never "missing": making a key then could orphan the real one, so that is an error.
 */
export async function loadOrCreateDeviceKey(options: LoadDeviceKeyOptions): Promise<Result<DeviceKey>> {
  const { vault, clientId, logger } = options
  const stored = await readDeviceKey(vault, clientId)
  if (!stored.ok) return stored
  if (stored.value.kind === 'found') return ok(stored.value.key)
  if (stored.value.kind === 'corrupt') {
    logger.warn('the stored device key is unreadable; making a new one for this sign-in', { reason: stored.value.reason })
  }
  const created = await createDeviceKey(vault, clientId)
  if (created.ok) logger.info('device key created', { kid: created.value.kid })
  return created
}

/**
 * The device key for refreshing a saved Plex JWT: the stored one or an error, never a new key (a
 * new key could not refresh a token bound to the old one). `permanent` says no retry can help.
 */
export async function loadExistingDeviceKey(options: LoadDeviceKeyOptions): Promise<DeviceKeyLoad> {
  const stored = await readDeviceKey(options.vault, options.clientId)
  if (!stored.ok) return { ok: false, error: stored.error, permanent: false }
  switch (stored.value.kind) {
    case 'found':
      return { ok: true, value: stored.value.key }
    case 'missing':
      return { ...keyGone('is missing from the keychain'), permanent: true }
    case 'corrupt':
      options.logger.warn('the stored device key is unreadable', { reason: stored.value.reason })
      return { ...keyGone('in the keychain is unreadable'), permanent: true }
  }
}

function keyGone(what: string): { readonly ok: false; readonly error: AppError } {
  return {
    ok: false,
    error: {
      code: 'token-rejected',
      message: `The device key this sign-in is bound to ${what}, so it cannot be renewed. Sign in again; a new key will be made.`,
      retryable: false,
    },
  }
}
