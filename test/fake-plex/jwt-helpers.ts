import { createHash } from 'node:crypto'
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose'
import type { RecordedRequest } from './types'

/** A device key pair as a test client holds it, with the public JWK as plex.tv receives it. */
export interface TestDeviceKey {
  readonly privateKey: CryptoKey
  readonly jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' }
  /** The `kid` the key is registered under: what plex.tv puts in the Plex JWT's `thumbprint`. */
  readonly thumbprint: string
}

/**
 * How a client names its key: Plexkey by the RFC 7638 thumbprint, python-plexapi by
 * sha256(private ‖ public) in hex (raw 32-byte halves).
 */
export type KidStyle = 'rfc7638' | 'python-plexapi'

export async function testDeviceKey(kidStyle: KidStyle = 'rfc7638'): Promise<TestDeviceKey> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const { x, d } = await exportJWK(pair.privateKey)
  if (!x || !d) throw new Error('no x or d')
  const kid =
    kidStyle === 'rfc7638'
      ? await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x })
      : createHash('sha256').update(Buffer.from(d, 'base64url')).update(Buffer.from(x, 'base64url')).digest('hex')
  return { privateKey: pair.privateKey, thumbprint: kid, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' } }
}

/** A device JWT as a client signs it; every claim can be overridden to make a bad one. */
export async function testDeviceJwt(
  key: TestDeviceKey,
  claims: { clientId: string; nonce: string; expSec?: number; aud?: string; iatSec?: number },
): Promise<string> {
  const iat = claims.iatSec ?? Math.floor(Date.now() / 1000)
  return new SignJWT({ nonce: claims.nonce, scope: 'username,email' })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.thumbprint, typ: 'JWT' })
    .setIssuer(claims.clientId)
    .setAudience(claims.aud ?? 'plex.tv')
    .setIssuedAt(iat)
    .setExpirationTime(claims.expSec ?? iat + 300)
    .sign(key.privateKey)
}

/** Every device JWT a client sent: `?deviceJWT=` on PIN polls and `{jwt}` bodies of /auth/token. */
export function deviceJwtsSent(requests: readonly RecordedRequest[]): string[] {
  const out: string[] = []
  for (const r of requests) {
    if (r.query['deviceJWT']) out.push(r.query['deviceJWT'])
    if (r.path === '/api/v2/auth/token' && r.body) {
      const jwt = (JSON.parse(r.body) as { jwt?: unknown }).jwt
      if (typeof jwt === 'string') out.push(jwt)
    }
  }
  return out
}

/** The claims of a JWT, read without verification (tests look, they do not trust). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}

/** The same JWT with one claim changed and the signature kept: a tampered token. */
export function tamper(jwt: string, change: Record<string, unknown>): string {
  const [header, , signature] = jwt.split('.')
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(jwt), ...change })).toString('base64url')
  return `${header}.${payload}.${signature}`
}
