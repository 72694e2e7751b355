import type { FakeDevice } from './devices-state'
import type { FakeRequest } from './http-io'
import { plexParam, reply, replyError, send } from './http-io'
import type { FakeMediaServer } from './media-servers'
import type { FakeState } from './state'
import type { FakeUser } from './types'
import { authenticate } from './users'
import { element, escapeXml } from './xml'

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** The legacy endpoints answer XML whatever the client accepts. */
function asXml(r: FakeRequest): FakeRequest {
  return { ...r, json: false }
}

/**
 * The caller's devices. An account's own servers are among them, with their tokens, as plex.tv
 * lists them; a Home member owns none.
 */
function devicesOf(state: FakeState, user: FakeUser, servers: readonly FakeMediaServer[]): readonly FakeDevice[] {
  if (state.devices.firstListing(user.uuid) && !state.homes.isMember(user.uuid)) {
    for (const server of servers.filter((s) => s.owned)) {
      const info = { name: server.name, product: 'Plex Media Server', productVersion: '1.41.3.9314-a0bfb8370', platform: 'Linux', platformVersion: '6.1.0', device: 'PC' }
      const device = state.devices.add(user.uuid, server.clientIdentifier, info, 'server', server.connections.map((c) => c.uri))
      device.tokens.push(server.accessToken)
    }
  }
  return state.devices.list(user.uuid)
}

/** One device with every field plex.tv lists, its token included (which is why clients must drop it). */
function deviceFields(device: FakeDevice, seconds: boolean): Record<string, unknown> {
  return {
    id: device.id,
    name: device.info.name,
    product: device.info.product,
    productVersion: device.info.productVersion,
    platform: device.info.platform,
    platformVersion: device.info.platformVersion,
    device: device.info.device,
    clientIdentifier: device.clientIdentifier,
    createdAt: seconds ? Math.floor(device.createdAt / 1000) : isoSeconds(device.createdAt),
    lastSeenAt: seconds ? Math.floor(device.lastSeenAt / 1000) : isoSeconds(device.lastSeenAt),
    provides: device.provides,
    publicAddress: '127.0.0.1',
    token: device.tokens.at(-1) ?? '',
  }
}

/** GET /devices.xml — `<Device … token="…"><Connection uri="…"/></Device>`, times in Unix seconds. */
export function listDevicesXml(state: FakeState, request: FakeRequest, servers: readonly FakeMediaServer[]): void {
  const r = asXml(request)
  const auth = authenticate(state, r)
  if (!auth) return
  const devices = devicesOf(state, auth.user, servers).map((device) => {
    const open = element('Device', deviceFields(device, true)).replace(/\/>$/, '>')
    const connections = device.connections.map((uri) => `<Connection uri="${escapeXml(uri)}"/>`).join('')
    return `${open}${connections}</Device>`
  })
  const head = `<MediaContainer publicAddress="127.0.0.1" size="${devices.length}">`
  send(r.res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n${head}${devices.join('')}</MediaContainer>\n`, 'application/xml; charset=utf-8')
}

/** GET /api/v2/devices — the JSON form: ISO times, `connections: [{uri}]`. */
export function listDevicesJson(state: FakeState, r: FakeRequest, servers: readonly FakeMediaServer[]): void {
  const auth = authenticate(state, r)
  if (!auth) return
  reply(
    r,
    200,
    'devices',
    devicesOf(state, auth.user, servers).map((device) => ({
      ...deviceFields(device, false),
      connections: device.connections.map((uri) => ({ uri })),
    })),
  )
}

/** DELETE /devices/:id.xml — the device leaves the list and every token it held is refused from now on. */
export function removeDevice(state: FakeState, request: FakeRequest, id: string): void {
  const r = asXml(request)
  const auth = authenticate(state, r)
  if (!auth) return
  const device = state.devices.list(auth.user.uuid).find((d) => String(d.id) === id)
  if (!device) return replyError(r, 404, undefined, 'Device not found')
  for (const token of state.devices.remove(device.id)) state.revoke(token)
  send(r.res, 200, '<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="0"/>\n', 'application/xml; charset=utf-8')
}

/**
 * PUT /api/v2/pins/link, form body `code=…` — what plex.tv/link does for a signed-in account: the
 * 4-character PIN gets a token for the caller (account or Home user), filed as a new device under
 * the PIN's own client id. Strong codes are not for typing in: plex.tv/link refuses them (404/1020).
 */
export async function linkPin(state: FakeState, r: FakeRequest): Promise<void> {
  const auth = authenticate(state, r)
  if (!auth) return
  const code = new URLSearchParams(r.body).get('code') ?? r.url.searchParams.get('code') ?? ''
  const pin = code === '' ? undefined : state.findLive(code)
  if (!pin || pin.strong || pin.authToken !== null || pin.code.toLowerCase() !== code.toLowerCase()) return replyError(r, 404, 1020)
  pin.authToken =
    pin.jwk && pin.thumbprint ? await state.issueJwt(pin.clientId, auth.user, pin.thumbprint) : state.mintLegacy(auth.user, pin.clientId)
  r.res.writeHead(204).end()
}

/** Notes what a client asking for a PIN says about itself: its device is named so once signed in. */
export function noteClient(state: FakeState, r: FakeRequest, clientId: string): void {
  state.devices.noteClient(clientId, {
    name: plexParam(r, 'X-Plex-Device-Name') ?? '',
    product: plexParam(r, 'X-Plex-Product') ?? '',
    productVersion: plexParam(r, 'X-Plex-Version') ?? '',
    platform: plexParam(r, 'X-Plex-Platform') ?? '',
    platformVersion: plexParam(r, 'X-Plex-Platform-Version') ?? '',
    device: plexParam(r, 'X-Plex-Device') ?? '',
  })
}
