/**
 * The device-key (JWT) endpoints of the fake plex.tv (reference §1.1, J2–J4 and J6's check):
 *
 *   GET  /api/v2/auth/nonce  -> {nonce}: valid 5 minutes, single use
 *   POST /api/v2/auth/token  {jwt: device JWT} -> {auth_token: Plex JWT}
 *        422 unknown, revoked or wrongly signed key; 498 expired device JWT; 400 bad, used or expired nonce;
 *        401/1001 when no account ever signed in with this client id
 *   GET  /api/v2/auth/keys   -> {keys: [current, previous]} public JWKs
 *
 * A bad nonce is answered 400 ("bad request"): the reference documents 498 and 422 for expiry and
 * signature only, and a client must not mistake a nonce race for a revoked key.
 */
import type { FakeRequest } from './http-io'
import { plexParam, replyError, send } from './http-io'
import type { FakeState } from './state'
import type { FakePin } from './types'

function sendJson(r: FakeRequest, status: number, value: unknown): void {
  send(r.res, status, JSON.stringify(value), 'application/json; charset=utf-8')
}

function clientIdOf(r: FakeRequest): string | undefined {
  const clientId = plexParam(r, 'X-Plex-Client-Identifier')
  if (!clientId) replyError(r, 400, 1000)
  return clientId
}

/** GET /api/v2/auth/nonce */
export function getNonce(state: FakeState, r: FakeRequest): void {
  const clientId = clientIdOf(r)
  if (clientId) sendJson(r, 200, { nonce: state.jwt.issueNonce(clientId) })
}

/** GET /api/v2/auth/keys */
export function getKeys(state: FakeState, r: FakeRequest): void {
  if (clientIdOf(r)) sendJson(r, 200, { keys: state.jwt.publicKeys() })
}

/** POST /api/v2/auth/token — a new Plex JWT for the holder of a registered, unrevoked device key. */
export async function postToken(state: FakeState, r: FakeRequest): Promise<void> {
  const clientId = clientIdOf(r)
  if (!clientId) return
  let jwt: unknown
  try {
    jwt = (JSON.parse(r.body) as { jwt?: unknown }).jwt
  } catch {
    jwt = undefined
  }
  if (typeof jwt !== 'string' || jwt === '') return replyError(r, 400, undefined, 'A device JWT is required')
  const device = state.jwt.device(clientId)
  if (!device) return replyError(r, 422, undefined, 'No device key is registered for this client')
  if (device.revoked) return replyError(r, 422, undefined, 'The device key has been revoked')
  const checked = await state.jwt.verifyDeviceJwt(jwt, device.key, clientId)
  if (checked.kind === 'expired') return replyError(r, 498, undefined, 'Token expired')
  if (checked.kind === 'bad-signature') return replyError(r, 422, undefined, 'Signature verification failed')
  if (!state.jwt.takeNonce(checked.payload['nonce'], clientId, 'token')) {
    return replyError(r, 400, undefined, 'Invalid, used or expired nonce')
  }
  const user = state.jwt.accounts.get(clientId)
  if (!user) return replyError(r, 401, 1001)
  sendJson(r, 200, { auth_token: await state.issueJwt(clientId, user, device.thumbprint) })
}

/**
 * The `?deviceJWT=` check of a device-key PIN poll: signed by the key the PIN was created with,
 * issued by its client id, not expired, over a live nonce of that client id (which the polls of
 * this one PIN may repeat). Answers and returns false when the check fails.
 */
export async function checkDeviceJwt(state: FakeState, r: FakeRequest, pin: FakePin): Promise<boolean> {
  const jwt = r.url.searchParams.get('deviceJWT')
  if (!jwt || !pin.jwk) {
    replyError(r, 400, undefined, 'deviceJWT is required for a PIN created with a device key')
    return false
  }
  const checked = await state.jwt.verifyDeviceJwt(jwt, pin.jwk, pin.clientId)
  if (checked.kind === 'expired') {
    replyError(r, 498, undefined, 'Token expired')
    return false
  }
  if (checked.kind === 'bad-signature') {
    replyError(r, 422, undefined, 'Signature verification failed')
    return false
  }
  if (!state.jwt.takeNonce(checked.payload['nonce'], pin.clientId, `pin:${pin.id}`)) {
    replyError(r, 400, undefined, 'Invalid, used or expired nonce')
    return false
  }
  return true
}
