import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { isJwt, JWT_REFRESH_AHEAD_SEC, jwtExpiresAt, jwtIssuedAt, jwtRefreshDue } from '../../main/core/jwt/jwt-expiry'

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('reading a saved token’s expiry without a JOSE library', () => {
  it('reads exp from a signed JWT as jose wrote it', async () => {
    const { privateKey } = await generateKeyPair('EdDSA')
    const exp = 1_900_000_000
    const token = await new SignJWT({ user: { id: 1, name: 'Jürgen 山田' } }).setProtectedHeader({ alg: 'EdDSA' }).setExpirationTime(exp).sign(privateKey)
    expect(isJwt(token)).toBe(true)
    expect(jwtExpiresAt(token)).toBe(exp * 1000)
  })

  it('reads iat, when the JWT was issued (its last renewal), apart from exp', async () => {
    const { privateKey } = await generateKeyPair('EdDSA')
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setIssuedAt(1_899_000_000).setExpirationTime(1_900_000_000).sign(privateKey)
    expect(jwtIssuedAt(token)).toBe(1_899_000_000_000)
    expect(jwtIssuedAt('a1B2c3D4e5F6g7H8i9J0')).toBeNull()
    expect(jwtIssuedAt(`${part({ alg: 'none' })}.${part({ exp: 1_900_000_000 })}.sig`)).toBeNull()
  })

  it('has no expiry for a legacy token, a JWT without exp, or a payload that is not a JSON object', () => {
    expect(jwtExpiresAt('a1B2c3D4e5F6g7H8i9J0')).toBeNull()
    expect(jwtExpiresAt(new UnsecuredJWT({ sub: 'x' }).encode())).toBeNull()
    expect(jwtExpiresAt(`${part({ alg: 'none' })}.${part({ exp: '1900000000' })}.sig`)).toBeNull()
    expect(jwtExpiresAt(`${part({ alg: 'none' })}.${part([1, 2])}.sig`)).toBeNull()
    expect(jwtExpiresAt(`${part({ alg: 'none' })}.bm90IGpzb24.sig`)).toBeNull()
  })

  it('is due a day before exp, and when exp cannot be read', () => {
    const exp = 1_900_000_000
    const token = `${part({ alg: 'none' })}.${part({ exp })}.sig`
    expect(jwtRefreshDue(token, exp * 1000 - JWT_REFRESH_AHEAD_SEC * 1000 - 1)).toBe(false)
    expect(jwtRefreshDue(token, exp * 1000 - JWT_REFRESH_AHEAD_SEC * 1000)).toBe(true)
    expect(jwtRefreshDue(`${part({ alg: 'none' })}.${part({})}.sig`, 0)).toBe(true)
  })
})
