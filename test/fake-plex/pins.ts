import type { FakeRequest } from './http-io'
import { noteClient } from './devices'
import { checkDeviceJwt } from './jwt'
import { plexParam, reply, replyError } from './http-io'
import type { FakeState } from './state'
import type { FakePin } from './types'

/** Where the fake says its PIN requests come from (the reference sample's GeoData). */
const LOCATION = {
  code: 'US',
  european_union_member: false,
  continent_code: 'NA',
  country: 'United States',
  city: 'Austin',
  time_zone: 'America/Chicago',
  postal_code: '78732',
  in_privacy_restricted_country: false,
  in_privacy_restricted_region: false,
  subdivisions: 'Texas',
  coordinates: '30.3768, -97.8935',
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

export function pinBody(pin: FakePin, now: number): Record<string, unknown> {
  return {
    id: pin.id,
    code: pin.code,
    product: pin.product,
    trusted: false,
    qr: `https://plex.tv/api/v2/pins/qr/${pin.code}`,
    clientIdentifier: pin.clientId,
    location: LOCATION,
    expiresIn: Math.max(0, Math.ceil((pin.expiresAt - now) / 1000)),
    createdAt: isoSeconds(pin.createdAt),
    expiresAt: isoSeconds(pin.expiresAt),
    authToken: pin.authToken,
    newRegistration: pin.authToken === null ? null : false,
  }
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1'
}

function jsonBody(r: FakeRequest): Record<string, unknown> | undefined {
  if (r.body === '' || !(r.req.headers['content-type'] ?? '').includes('json')) return undefined
  try {
    const parsed: unknown = JSON.parse(r.body)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** `strong` may come in the query, a JSON body or a form body. */
function wantsStrong(r: FakeRequest): boolean {
  const query = r.url.searchParams.get('strong')
  if (query !== null) return truthy(query)
  if (r.body === '') return false
  const json = jsonBody(r)
  if (json) return truthy(json['strong'])
  return truthy(new URLSearchParams(r.body).get('strong'))
}

/** POST /api/v2/pins — with `{jwk}` in a JSON body, the PIN is bound to that device key (J5). */
export async function createPin(state: FakeState, r: FakeRequest): Promise<void> {
  const clientId = plexParam(r, 'X-Plex-Client-Identifier')
  if (!clientId) return replyError(r, 400, 1000)
  noteClient(state, r, clientId)
  const jwk = jsonBody(r)?.['jwk']
  let device = null
  if (jwk !== undefined) {
    const registered = await state.jwt.register(clientId, jwk)
    if (registered.kind === 'invalid') return replyError(r, 400, undefined, 'Invalid JWK: an Ed25519 public key is expected')
    if (registered.kind === 'taken') return replyError(r, 422, undefined, 'Thumbprint Already Taken')
    device = registered
  }
  const pin = state.createPin(clientId, wantsStrong(r), plexParam(r, 'X-Plex-Product') ?? '', state.now(), device)
  reply(r, 201, 'pin', pinBody(pin, state.now()))
}

/**
 * GET /api/v2/pins/:id — a foreign client id is treated as another device: 404/1020. A PIN made
 * with a device key is only shown to the holder of that key: `?deviceJWT=` signed by it (J6).
 */
export async function checkPin(state: FakeState, r: FakeRequest, id: string): Promise<void> {
  const clientId = plexParam(r, 'X-Plex-Client-Identifier')
  if (!clientId) return replyError(r, 400, 1000)
  const pin = /^\d+$/.test(id) ? state.findLive(Number(id)) : undefined
  if (!pin || pin.clientId !== clientId) return replyError(r, 404, 1020)
  if (pin.jwk && !(await checkDeviceJwt(state, r, pin))) return
  pin.polls++
  if (state.approveAfterPolls !== undefined && pin.polls > state.approveAfterPolls && !pin.authToken) {
    await state.approveAny(pin.id, state.approveAs)
  }
  reply(r, 200, 'pin', { ...pinBody(pin, state.now()), ...(state.withholdPinTokens ? { authToken: null } : {}) })
}
