import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { decodeHeader, send } from './http-io'
import { type LoopbackCertificate, makeLoopbackCertificate } from './loopback-certificate'
import { xmlDocument } from './xml'

/**
 * How one listed address behaves:
 *  - live: the server itself, answering at once;
 *  - slow: the server itself, answering after SLOW_MS;
 *  - silent: accepts TCP and never answers (a home LAN address seen from a café's network);
 *  - refused: nothing listens there;
 *  - impostor: another Media Server, answering with its own machineIdentifier.
 */
export type FakeConnectionKind = 'live' | 'slow' | 'silent' | 'refused' | 'impostor'

export interface FakeConnectionSpec {
  readonly kind: FakeConnectionKind
  readonly local: boolean
  readonly relay?: boolean
  /** Listed as https, and served over TLS with the fleet's loopback certificate. Default http. */
  readonly https?: boolean
  /**
   * Listed and served at 127.0.0.2 instead of 127.0.0.1: off this machine as far as Plexkey can
   * tell (only 127.0.0.1, ::1 and localhost count as this machine), so plain http there stands for
   * a LAN or internet address, the kind an impostor on the way can answer.
   */
  readonly offMachine?: boolean
}

export interface FakeServerSpec {
  readonly name: string
  readonly owned: boolean
  readonly presence: boolean
  /** The token plex.tv hands out for it; default a fresh random one. */
  readonly accessToken?: string
  /** plex.tv's `httpsRequired` for it; default false. */
  readonly httpsRequired?: boolean
  readonly connections: readonly FakeConnectionSpec[]
  /**
   * The kind reported under Plex JWT sign-ins (plex-home-and-devices.md): /resources asked with a
   * Plex JWT hands out that JWT as this server's accessToken, which the server refuses with 401
   * like any token not issued for it. Reported for owned servers; set on a shared one, it stands
   * for the same on a server shared with the account.
   */
  readonly refusesJwt?: boolean
  /**
   * /resources hands out a Plex JWT caller's JWT for this owned server as refusesJwt does, but
   * the server takes it: a server that knows Plex JWTs (it asks plex.tv, as for any token of its
   * owner's devices).
   */
  readonly acceptsJwt?: boolean
}

export interface FakeConnection {
  readonly uri: string
  readonly kind: FakeConnectionKind
  readonly local: boolean
  readonly relay: boolean
  readonly protocol: 'http' | 'https'
  readonly port: number
  /** Holds every /identity answer at this address until the returned function is called. */
  hold(): () => void
  /** A silent address only: the TCP connections it accepted, and how many are still open. */
  readonly sockets?: () => { readonly accepted: number; readonly open: number }
}

export interface FakeMediaServer {
  readonly name: string
  readonly clientIdentifier: string
  readonly accessToken: string
  readonly owned: boolean
  readonly presence: boolean
  readonly httpsRequired: boolean
  readonly connections: readonly FakeConnection[]
  readonly refusesJwt: boolean
  readonly acceptsJwt: boolean
  /** Another token this server accepts from now on (a Home user's accessToken for it). */
  accept(token: string): void
}

/** One request a fake Media Server saw: which address, which path, which token (null: none). */
export interface MediaRequest {
  readonly uri: string
  readonly path: string
  readonly token: string | null
  readonly at: number
}

/**
 * The account's servers when a test names none: every kind of address, and every outcome the
 * prober must handle. Names match exactly ("Cabin"), only without case ("basement"), or are
 * ambiguous without case ("CABIN": "Cabin" and "cabin").
 */
export const DEFAULT_SERVERS: readonly FakeServerSpec[] = [
  {
    name: 'Basement',
    owned: true,
    presence: true,
    connections: [
      { kind: 'live', local: true },
      { kind: 'live', local: false },
      { kind: 'live', local: false, relay: true },
    ],
  },
  {
    // The laptop away from home: its local address accepts TCP and never answers.
    name: 'Cabin',
    owned: true,
    presence: true,
    connections: [
      { kind: 'silent', local: true },
      { kind: 'refused', local: false, https: true },
      { kind: 'live', local: false },
      { kind: 'live', local: false, relay: true },
    ],
  },
  {
    name: 'Lookalike',
    owned: true,
    presence: true,
    connections: [
      { kind: 'impostor', local: true },
      { kind: 'live', local: false },
    ],
  },
  {
    // Shared: its local address must never be tried, however well it answers.
    name: 'cabin',
    owned: false,
    presence: true,
    connections: [
      { kind: 'live', local: true },
      { kind: 'slow', local: false },
      { kind: 'live', local: false, relay: true },
    ],
  },
  {
    name: 'Attic',
    owned: true,
    presence: false,
    connections: [
      { kind: 'refused', local: true },
      { kind: 'refused', local: false },
    ],
  },
  {
    name: 'Garage',
    owned: true,
    presence: true,
    connections: [
      { kind: 'refused', local: true },
      { kind: 'impostor', local: false },
    ],
  },
  {
    // Hostile text from plex.tv: a terminal escape, bidi marks and overrides (LRM, LRO, RLM, RLO),
    // non-ASCII, and length.
    name: `\u001b]0;pwned\u0007Ünïcödé 山田の\u200e\u202d\u200f\u202e revres \u001b[2J${'x'.repeat(300)}`,
    owned: false,
    presence: false,
    connections: [],
  },
]

/** Far beyond any grace a prober gives, yet short enough for a test to wait for. */
export const SLOW_MS = 1_500

/** The account's fake Media Servers, each address on its own 127.0.0.1 port. */
export interface MediaFleet {
  readonly servers: readonly FakeMediaServer[]
  /** The certificate its https addresses present (PEM), made only when one is listed; else null. */
  readonly certificate: string | null
  requests(): readonly MediaRequest[]
  clearRequests(): void
  close(): Promise<void>
}

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers['x-plex-token']
  if (typeof header === 'string' && header !== '') return decodeHeader(header)
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === 'x-plex-token' && value !== '') return value
  return null
}

function identityBody(machineIdentifier: string, json: boolean): string {
  const container = { size: 0, apiVersion: '1.1.1', claimed: true, machineIdentifier, version: '1.41.3.9314-a0bfb8370' }
  return json ? JSON.stringify({ MediaContainer: container }) : xmlDocument('MediaContainer', container)
}

function listen(server: HttpServer | TcpServer, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port))
  })
}

/** A loopback port where nothing listens: bound once to learn a free port, then closed. */
async function refusedPort(host: string): Promise<number> {
  const probe = createTcpServer()
  const port = await listen(probe, host)
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/**
 * Whether plex.tv vouches for a token at one of the account's own servers: a real Media Server asks
 * plex.tv about a token it was not issued, and lets in any device of its owner's account.
 */
export type OwnerCheck = (token: string, server: { readonly refusesJwt: boolean }) => boolean

/**
 * Starts one listener per listed address; `requests` collects what each one was sent. An owned
 * server also lets in what `ownerAccepts` vouches for (an impostor is another owner's server: never).
 */
export async function startMediaFleet(specs: readonly FakeServerSpec[], ownerAccepts: OwnerCheck = () => false): Promise<MediaFleet> {
  let requests: MediaRequest[] = []
  const closers: (() => Promise<void>)[] = []
  // One certificate for every https address of the fleet, made the first time one needs it.
  let certificate: Promise<LoopbackCertificate> | null = null
  const tls = (): Promise<LoopbackCertificate> => (certificate ??= makeLoopbackCertificate())

  async function startConnection(spec: FakeConnectionSpec, identity: { id: string; tokens: Set<string>; owner: (token: string) => boolean }): Promise<FakeConnection> {
    const holds = new Set<Promise<void>>()
    const hold = (): (() => void) => {
      let release = (): void => undefined
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      holds.add(held)
      return () => {
        holds.delete(held)
        release()
      }
    }
    const host = spec.offMachine ? '127.0.0.2' : '127.0.0.1'
    const made = (port: number): FakeConnection => ({
      uri: `${spec.https ? 'https' : 'http'}://${host}:${port}`,
      kind: spec.kind,
      local: spec.local,
      relay: spec.relay === true,
      protocol: spec.https ? 'https' : 'http',
      port,
      hold,
    })
    if (spec.kind === 'refused') return made(await refusedPort(host))
    if (spec.kind === 'silent') {
      const sockets = new Set<Socket>()
      let accepted = 0
      const tcp = createTcpServer((socket) => {
        accepted += 1
        sockets.add(socket)
        // Reads (and ignores) the request, so a client that hangs up is seen to: a paused socket never ends.
        socket.resume()
        socket.on('close', () => sockets.delete(socket))
        socket.on('error', () => undefined)
      })
      const port = await listen(tcp, host)
      closers.push(async () => {
        for (const socket of sockets) socket.destroy()
        await new Promise<void>((resolve) => tcp.close(() => resolve()))
      })
      return { ...made(port), sockets: () => ({ accepted, open: sockets.size }) }
    }
    // An impostor is a whole other server: its own identity and its own token.
    const machineIdentifier = spec.kind === 'impostor' ? randomBytes(20).toString('hex') : identity.id
    const tokens = spec.kind === 'impostor' ? new Set([randomBytes(10).toString('base64url')]) : identity.tokens
    const vouched = spec.kind === 'impostor' ? () => false : identity.owner
    let connection: FakeConnection | undefined
    const handler: RequestListener = (req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const token = tokenOf(req, url)
        requests.push({ uri: connection?.uri ?? '', path: url.pathname, token, at: Date.now() })
        const json = (req.headers.accept ?? '').includes('application/json')
        if (req.method === 'GET' && url.pathname === '/identity') {
          await Promise.all([...holds])
          if (spec.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_MS))
          return send(res, 200, identityBody(machineIdentifier, json), json ? 'application/json' : 'application/xml')
        }
        if (req.method === 'GET' && url.pathname === '/') {
          if (token === null || !(tokens.has(token) || vouched(token))) return send(res, 401, '<html><head><title>Unauthorized</title></head></html>', 'text/html')
          const root = { size: 0, friendlyName: 'fake', machineIdentifier, myPlex: true }
          return send(res, 200, json ? JSON.stringify({ MediaContainer: root }) : xmlDocument('MediaContainer', root), json ? 'application/json' : 'application/xml')
        }
        send(res, 404, 'Not Found', 'text/plain')
      })()
    }
    const http = spec.https ? createHttpsServer(await tls(), handler) : createHttpServer(handler)
    const port = await listen(http, host)
    closers.push(async () => {
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    })
    connection = made(port)
    return connection
  }

  const servers: FakeMediaServer[] = []
  for (const spec of specs) {
    const accessToken = spec.accessToken ?? randomBytes(10).toString('base64url')
    const refusesJwt = spec.refusesJwt === true
    const owner = (token: string): boolean => spec.owned && ownerAccepts(token, { refusesJwt })
    const identity = { id: randomBytes(20).toString('hex'), tokens: new Set([accessToken]), owner }
    const connections: FakeConnection[] = []
    for (const c of spec.connections) connections.push(await startConnection(c, identity))
    servers.push({
      name: spec.name,
      clientIdentifier: identity.id,
      accessToken,
      owned: spec.owned,
      presence: spec.presence,
      httpsRequired: spec.httpsRequired === true,
      connections,
      refusesJwt,
      acceptsJwt: spec.acceptsJwt === true,
      accept: (token) => void identity.tokens.add(token),
    })
  }

  // Set by tls() above, which the compiler does not follow into this scope.
  const made = certificate as Promise<LoopbackCertificate> | null
  return {
    servers,
    certificate: made === null ? null : (await made).cert,
    requests: () => [...requests],
    clearRequests: () => {
      requests = []
    },
    close: async () => {
      await Promise.all(closers.map((close) => close()))
    },
  }
}

/** A server as /api/v2/resources lists it. */
export function resourceOf(server: FakeMediaServer): Record<string, unknown> {
  return {
    name: server.name,
    product: 'Plex Media Server',
    productVersion: '1.41.3.9314-a0bfb8370',
    platform: 'Linux',
    platformVersion: '6.1.0',
    device: 'PC',
    clientIdentifier: server.clientIdentifier,
    createdAt: '2020-01-12T15:30:18Z',
    lastSeenAt: '2024-09-05T03:15:45Z',
    provides: 'server',
    ownerId: server.owned ? null : 7654321,
    sourceTitle: server.owned ? null : 'friend',
    publicAddress: '127.0.0.1',
    accessToken: server.accessToken,
    owned: server.owned,
    home: false,
    synced: false,
    relay: server.connections.some((c) => c.relay),
    presence: server.presence,
    httpsRequired: server.httpsRequired,
    publicAddressMatches: false,
    dnsRebindingProtection: false,
    natLoopbackSupported: false,
    connections: server.connections.map((c) => ({
      protocol: c.protocol,
      address: new URL(c.uri).hostname,
      port: c.port,
      uri: c.uri,
      local: c.local,
      relay: c.relay,
      IPv6: false,
    })),
  }
}
