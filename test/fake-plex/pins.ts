import type { FakeRequest } from './http-io'
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

export function pinBody(pin: FakePin, now = Date.now()): Record<string, unknown> {
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

/** `strong` may come in the query, a JSON body or a form body. */
function wantsStrong(r: FakeRequest): boolean {
  const query = r.url.searchParams.get('strong')
  if (query !== null) return truthy(query)
  const type = r.req.headers['content-type'] ?? ''
  if (r.body === '') return false
  if (type.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(r.body)
      return typeof parsed === 'object' && parsed !== null && truthy((parsed as Record<string, unknown>)['strong'])
    } catch {
      return false
    }
  }
  return truthy(new URLSearchParams(r.body).get('strong'))
}

/** POST /api/v2/pins */
export function createPin(state: FakeState, r: FakeRequest): void {
  const clientId = plexParam(r, 'X-Plex-Client-Identifier')
  if (!clientId) return replyError(r, 400, 1000)
  const pin = state.createPin(clientId, wantsStrong(r), plexParam(r, 'X-Plex-Product') ?? '')
  reply(r, 201, 'pin', pinBody(pin))
}

/** GET /api/v2/pins/:id — a foreign client id is treated as another device: 404/1020. */
export function checkPin(state: FakeState, r: FakeRequest, id: string): void {
  const clientId = plexParam(r, 'X-Plex-Client-Identifier')
  if (!clientId) return replyError(r, 400, 1000)
  const pin = /^\d+$/.test(id) ? state.findLive(Number(id)) : undefined
  if (!pin || pin.clientId !== clientId) return replyError(r, 404, 1020)
  pin.polls++
  if (state.approveAfterPolls !== undefined && pin.polls > state.approveAfterPolls && !pin.authToken) {
    state.approve(pin.id)
  }
  reply(r, 200, 'pin', pinBody(pin))
}
