import { randomUUID } from 'node:crypto'
import {
  calculateJwkThumbprint,
  type CryptoKey,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose'
import type { FakeDeviceKey, FakeUser } from './types'

/** Plex JWTs live 7 days; nonces 5 minutes (reference §1.1). */
const JWT_SEC = 7 * 24 * 60 * 60
const NONCE_SEC = 5 * 60

interface SigningKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly publicJwk: JWK
}

interface Nonce {
  readonly clientId: string
  readonly expiresAt: number
  /** Who used it: 'token' (an exchange), or 'pin:<id>' (the polls of one PIN, which may repeat it). */
  usedBy: string | null
}

/** A device public key as a client sends it (J5): only these fields make the key. */
export interface DevicePublicKey {
  readonly kty: 'OKP'
  readonly crv: 'Ed25519'
  readonly x: string
}

export interface FakeJwtOptions {
  readonly jwtSec?: number
  readonly now?: () => number
}

export type DeviceJwtCheck =
  | { readonly kind: 'ok'; readonly payload: JWTPayload }
  | { readonly kind: 'expired' }
  | { readonly kind: 'bad-signature' }

export type Registration =
  | { readonly kind: 'ok'; readonly key: DevicePublicKey; readonly thumbprint: string }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'taken' }

async function newSigningKey(): Promise<SigningKey> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const jwk = await exportJWK(pair.publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { kid, privateKey: pair.privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } }
}

function isDevicePublicKey(value: unknown): value is DevicePublicKey & { readonly kid?: string } {
  if (typeof value !== 'object' || value === null) return false
  const jwk = value as Record<string, unknown>
  const kid = jwk['kid']
  const kidOk = kid === undefined || (typeof kid === 'string' && /^[\x21-\x7e]{1,128}$/.test(kid))
  return jwk['kty'] === 'OKP' && jwk['crv'] === 'Ed25519' && typeof jwk['x'] === 'string' && /^[\w-]{43}$/.test(jwk['x']) && kidOk
}

/**
 * The fake's side of device-key sign-in: its own signing keys (which rotate), the device keys
 * registered per client id, nonces, and the account each client id signed in as.
 */
export class FakeJwt {
  jwtSec: number
  private current: SigningKey
  private previous: SigningKey | null = null
  /** `keyThumbprint`: the key's RFC 7638 thumbprint, which identifies the key whatever `kid` it came with. */
  private readonly devices = new Map<string, FakeDeviceKey & { key: DevicePublicKey; keyThumbprint: string }>()
  private readonly nonces = new Map<string, Nonce>()
  /** The account each client id last signed in as: refreshes issue tokens for it. */
  readonly accounts = new Map<string, FakeUser>()

  /** The fake's clock: what expiry is measured against. */
  private readonly now: () => number

  private constructor(signing: SigningKey, options: FakeJwtOptions) {
    this.current = signing
    this.jwtSec = options.jwtSec ?? JWT_SEC
    this.now = options.now ?? Date.now
  }

  static async create(options: FakeJwtOptions): Promise<FakeJwt> {
    return new FakeJwt(await newSigningKey(), options)
  }

  /** A new signing key; the old one stays published (tokens it signed still verify) until the next rotation. */
  async rotate(): Promise<void> {
    const next = await newSigningKey()
    this.previous = this.current
    this.current = next
  }

  publicKeys(): JWK[] {
    return [this.current.publicJwk, ...(this.previous ? [this.previous.publicJwk] : [])]
  }

  /**
   * Records a device key for a client id (a PIN created with it). Plex's JWT names the key by the
   * `kid` the client registered it under (python-plexapi's is sha256(priv‖pub) in hex, Plexkey's
   * the RFC 7638 thumbprint); a key sent without one is named by its RFC 7638 thumbprint. One key,
   * and one kid, belong to one client id.
   */
  async register(clientId: string, jwk: unknown): Promise<Registration> {
    if (!isDevicePublicKey(jwk)) return { kind: 'invalid' }
    const key: DevicePublicKey = { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
    const keyThumbprint = await calculateJwkThumbprint(key)
    const thumbprint = jwk.kid ?? keyThumbprint
    for (const device of this.devices.values()) {
      const same = device.keyThumbprint === keyThumbprint || device.thumbprint === thumbprint
      if (same && device.clientId !== clientId) return { kind: 'taken' }
    }
    // A new sign-in with the key (re)registers it, also after a revocation: the user approved it again.
    this.devices.set(clientId, { clientId, thumbprint, keyThumbprint, revoked: false, key })
    return { kind: 'ok', key, thumbprint }
  }

  device(clientId: string): (FakeDeviceKey & { key: DevicePublicKey; keyThumbprint: string }) | undefined {
    return this.devices.get(clientId)
  }

  revoke(clientId: string): void {
    const device = this.devices.get(clientId)
    if (device) device.revoked = true
  }

  deviceKeys(): FakeDeviceKey[] {
    return [...this.devices.values()].map(({ clientId, thumbprint, revoked }) => ({ clientId, thumbprint, revoked }))
  }

  issueNonce(clientId: string, now = this.now()): string {
    const nonce = randomUUID()
    this.nonces.set(nonce, { clientId, expiresAt: now + NONCE_SEC * 1000, usedBy: null })
    return nonce
  }

  /** Single use: true the first time (and, for one PIN's polls, again for that PIN), false otherwise. */
  takeNonce(nonce: unknown, clientId: string, usedBy: string, now = this.now()): boolean {
    const entry = typeof nonce === 'string' ? this.nonces.get(nonce) : undefined
    if (!entry || entry.clientId !== clientId || entry.expiresAt <= now) return false
    if (entry.usedBy !== null && entry.usedBy !== usedBy) return false
    if (usedBy === 'token' && entry.usedBy === 'token') return false
    entry.usedBy = usedBy
    return true
  }

  /** Verifies a device JWT: signed by this key, issued by this client id, for plex.tv, not expired. */
  async verifyDeviceJwt(jwt: string, key: DevicePublicKey, clientId: string): Promise<DeviceJwtCheck> {
    try {
      const publicKey = await importJWK({ ...key }, 'EdDSA')
      const { payload } = await jwtVerify(jwt, publicKey, {
        algorithms: ['EdDSA'],
        issuer: clientId,
        audience: 'plex.tv',
        currentDate: new Date(this.now()),
      })
      return { kind: 'ok', payload }
    } catch (error) {
      return error instanceof errors.JWTExpired ? { kind: 'expired' } : { kind: 'bad-signature' }
    }
  }

  /** A Plex JWT for this account, bound to the device key, signed with the current signing key. */
  async mint(clientId: string, user: FakeUser, thumbprint: string, now = this.now()): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(now / 1000)
    const exp = iat + this.jwtSec
    const token = await new SignJWT({
      thumbprint,
      user: { id: user.id, uuid: user.uuid, username: user.username, title: user.title, email: user.email, thumb: user.thumb },
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.current.kid, typ: 'JWT' })
      .setIssuer('plex.tv')
      .setAudience(['plex.tv', clientId])
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.current.privateKey)
    this.accounts.set(clientId, user)
    return { token, expiresAt: exp * 1000 }
  }
}
