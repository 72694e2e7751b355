import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { authPage } from './auth-page'
import { handleControl } from './control'
import { FaultList, applyFault } from './faults'
import type { FakeRequest } from './http-io'
import { headerMap, readBody, replyError, send } from './http-io'
import { getKeys, getNonce, postToken } from './jwt'
import { FakeJwt } from './jwt-state'
import { DEFAULT_SERVERS, startMediaFleet } from './media-servers'
import { linkPin, listDevicesJson, listDevicesXml, removeDevice } from './devices'
import { homeControls } from './home-controls'
import { listHomeUsers, listHomeUsersLegacy, switchHomeUser, switchHomeUserLegacy } from './home'
import { checkPin, createPin } from './pins'
import { FakeState } from './state'
import type { FakePlex, FakePlexOptions, FaultRule, RecordedRequest } from './types'
import { avatarImage, avatarRedirect, getResources, getUser, signOut } from './users'

export type { FakeDeviceKey, FakePin, FakePlex, FakePlexOptions, FakeUser, FaultRule, RecordedRequest } from './types'
export type { FakeConnection, FakeMediaServer, FakeServerSpec, MediaRequest } from './media-servers'
export type { FakeDevice } from './devices-state'
export type { FakeHomeMember, FakeHomeMemberSpec } from './home-state'

/**
 * A fake plex.tv: a real HTTP server on 127.0.0.1 that answers as the reference says plex.tv does
 * (201 on PIN create, XML unless `Accept: application/json`, 400/1000, 404/1020, 401/1001, ...),
 * records every request, and lets tests approve PINs and inject faults. See control.ts for the
 * same controls over HTTP.
 */
export async function startFakePlex(options: FakePlexOptions = {}): Promise<FakePlex> {
  const state = new FakeState(options, await FakeJwt.create(options))
  // A live token of an account's own device (not a Home member's, not a refused kind of JWT).
  const fleet = await startMediaFleet(options.servers ?? DEFAULT_SERVERS, (token, server) => {
    const user = state.tokens.get(token)
    if (user === undefined || state.homes.isMember(user.uuid)) return false
    return !(server.refusesJwt && state.tokenExpiresAt.has(token))
  })
  const faults = new FaultList()
  const timers = new Set<NodeJS.Timeout>()
  let requests: RecordedRequest[] = []

  const route = (r: FakeRequest): void | Promise<void> => {
    const { method, path } = r
    const pin = /^\/api\/v2\/pins\/([^/]+)$/.exec(path)
    const avatar = /^\/users\/([^/]+)\/avatar$/.exec(path)
    const switchV2 = /^\/api\/v2\/home\/users\/([^/]+)\/switch$/.exec(path)
    const switchLegacy = /^\/api\/home\/users\/([^/]+)\/switch$/.exec(path)
    const device = /^\/devices\/([^/]+)\.xml$/.exec(path)
    if (method === 'POST' && path === '/api/v2/pins') return createPin(state, r)
    if (method === 'PUT' && path === '/api/v2/pins/link') return linkPin(state, r)
    if (method === 'GET' && pin?.[1]) return checkPin(state, r, pin[1])
    if (method === 'GET' && path === '/api/v2/auth/nonce') return getNonce(state, r)
    if (method === 'POST' && path === '/api/v2/auth/token') return postToken(state, r)
    if (method === 'GET' && path === '/api/v2/auth/keys') return getKeys(state, r)
    if (method === 'GET' && path === '/api/v2/user') return getUser(state, r)
    if (method === 'DELETE' && path === '/api/v2/users/signout') return signOut(state, r)
    if (method === 'GET' && path === '/api/v2/resources') return getResources(state, r, fleet.servers)
    if (method === 'GET' && path === '/api/v2/home/users') return listHomeUsers(state, r)
    if (method === 'GET' && path === '/api/home/users') return listHomeUsersLegacy(state, r)
    if (method === 'POST' && switchV2?.[1]) return switchHomeUser(state, r, switchV2[1])
    if (method === 'POST' && switchLegacy?.[1]) return switchHomeUserLegacy(state, r, switchLegacy[1])
    if (method === 'GET' && path === '/devices.xml') return listDevicesXml(state, r, fleet.servers)
    if (method === 'GET' && path === '/api/v2/devices') return listDevicesJson(state, r, fleet.servers)
    if (method === 'DELETE' && device?.[1]) return removeDevice(state, r, device[1])
    if (method === 'GET' && avatar?.[1]) return avatarRedirect(r, avatar[1])
    if (method === 'GET' && /^\/avatars\/[^/]+\.png$/.test(path)) return avatarImage(r)
    if (method === 'GET' && (path === '/auth' || path === '/auth/')) return authPage(r)
    return replyError(r, 404, undefined, 'Not Found')
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const method = (req.method ?? 'GET').toUpperCase()
      const body = await readBody(req)
      const jsonSuffix = url.pathname.endsWith('.json')
      const r: FakeRequest = {
        req,
        res,
        method,
        url,
        body: body ?? '',
        path: jsonSuffix ? url.pathname.slice(0, -'.json'.length) : url.pathname,
        json: jsonSuffix || (req.headers.accept ?? '').includes('application/json'),
      }
      if (body === undefined) return send(res, 413, 'Request body too large', 'text/plain')
      if (r.path.startsWith('/__control/')) return await handleControl(fake, state, r)
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: headerMap(req),
        at: state.now(),
        body: r.body,
      })
      const rule = faults.take(method, url.pathname)
      if (rule && (await applyFault(rule, r, timers))) return
      await route(r)
    })().catch((error: unknown) => {
      process.stderr.write(`fake plex.tv: ${String(error)}\n`)
      send(res, 500, 'Internal error in the fake', 'text/plain')
    })
  })

  // Open connections, so a test can know when a client that has gone has nothing more on its way.
  const sockets = new Set<Socket>()
  let whenNoneOpen: (() => void)[] = []
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => {
      sockets.delete(socket)
      if (sockets.size > 0) return
      for (const resolve of whenNoneOpen) resolve()
      whenNoneOpen = []
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.baseUrl = url

  const fake: FakePlex = {
    url,
    authUrl: `${url}/auth`,
    approve: (pin, user) => state.approve(pin, user),
    approveJwt: (pin, user) => state.approveAny(pin, user),
    rotateSigningKey: () => state.jwt.rotate(),
    revokeDeviceKey: (clientId) => state.jwt.revoke(clientId),
    setJwtLifetime: (sec) => {
      state.jwt.jwtSec = sec
    },
    deviceKeys: () => state.jwt.deviceKeys(),
    revoke: (token) => state.revoke(token),
    setLifetimes: ({ strongSec, linkSec }) => {
      if (strongSec !== undefined) state.strongSec = strongSec
      if (linkSec !== undefined) state.linkSec = linkSec
    },
    setNextPinLifetime: (sec) => {
      state.nextPinSec = sec
    },
    setApproveAfterPolls: (k, as = {}) => {
      state.approveAfterPolls = k
      state.approveAs = as
    },
    fault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    get requests() {
      return [...requests]
    },
    clearRequests: () => {
      requests = []
    },
    pins: () => [...state.pins.values()].map((p) => ({ ...p })),
    tokens: () => [...state.tokens.keys()],
    mediaServers: fleet.servers,
    mediaCertificate: fleet.certificate,
    mediaServer: (name) => {
      const found = fleet.servers.find((s) => s.name === name)
      if (!found) throw new Error(`The fake has no server named ${name}`)
      return found
    },
    mediaRequests: () => fleet.requests(),
    clearMediaRequests: () => fleet.clearRequests(),
    issuedTokens: () => [...state.issued, ...fleet.servers.map((s) => s.accessToken)],
    connectionsClosed: () =>
      sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => void whenNoneOpen.push(resolve)),
    ...homeControls(state),
    close: async () => {
      await fleet.close()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return fake
}
