import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { EventChannel, EventPayload, InvokeChannel, ServersView, Snapshot, Unsubscribe } from '../../preload/api'
import { invokeChannels } from '../../preload/api'
import type { InvokeHandlers } from '../../main/app/ipc-handlers'
import { parseRequest } from '../../main/app/ipc-schemas'

/**
 * Electron's IPC, carried over HTTP instead: the built renderer is served on 127.0.0.1, each invoke
 * is a POST answered by main's own handlers (after main's own argument validation), and state
 * changes stream to the page as Server-Sent Events. Only the transport differs from the app, and
 * with it the one thing the transport needs: the page may connect to its own origin (the policy
 * in the header and in the built page's meta tag both say `connect-src 'self'` here, `'none'` in
 * the app). Everything else in both policies is main's, unchanged.
 */
export interface BridgeServerOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string
  readonly handlers: InvokeHandlers
  readonly getSnapshot: () => Snapshot
  readonly subscribe: (listener: (snapshot: Snapshot) => void) => Unsubscribe
  /** Every new server list main probed, as main sends it ('servers:changed'). */
  readonly subscribeServers: (listener: (view: ServersView) => void) => Unsubscribe
  /** main's other events (the accounts and profiles changed, a PIN wanted), as main sends them; none when left out. */
  readonly subscribeEvents?: (send: <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void) => Unsubscribe
  /** Sent as a Content-Security-Policy header with every page and asset. */
  readonly contentSecurityPolicy: string
  /**
   * The policy the build wrote into index.html's meta tag, and what this server serves in its
   * place. The page is refused (500) when the built meta is not exactly `built`, so a stale build
   * or a drifted policy fails loudly instead of being served unchecked.
   */
  readonly metaPolicy: { readonly built: string; readonly served: string }
}

export interface BridgeServer {
  readonly url: string
  /** Every message body the page was sent over the bridge: invoke answers and events, in order. */
  readonly sent: readonly string[]
  close(): Promise<void>
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

const isChannel = (name: string): name is InvokeChannel => Object.hasOwn(invokeChannels, name)

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const sent: string[] = []
  const streams = new Set<ServerResponse>()

  const invoke = async (channel: InvokeChannel, args: readonly unknown[]): Promise<unknown> => {
    const parsed = parseRequest(channel, args)
    if (!parsed.ok) return parsed
    // The handler table is keyed by channel; TypeScript cannot follow the pairing through a variable.
    const handler = options.handlers[channel] as (request: unknown) => unknown
    return await handler(parsed.value)
  }

  const serveInvoke = async (req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> => {
    if (req.method !== 'POST' || !isChannel(channel)) return void res.writeHead(404).end()
    let args: unknown
    try {
      args = JSON.parse(await readBody(req))
    } catch {
      return void res.writeHead(400).end()
    }
    if (!Array.isArray(args)) return void res.writeHead(400).end()
    const body = JSON.stringify(await invoke(channel, args))
    sent.push(body)
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body)
  }

  const serveEvents = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    const write = (event: string | null, payload: unknown): void => {
      const body = JSON.stringify(payload)
      sent.push(body)
      res.write(`${event === null ? '' : `event: ${event}\n`}data: ${body}\n\n`)
    }
    const push = (snapshot: Snapshot): void => write(null, snapshot)
    streams.add(res)
    // ipcRenderer.on is live the moment it is called; an event stream only once connected. Sending
    // the current snapshot first closes that gap (the renderer drops it if it is not newer).
    push(options.getSnapshot())
    const stop = options.subscribe(push)
    const stopServers = options.subscribeServers((view) => write('servers:changed', view))
    const stopEvents = options.subscribeEvents?.((channel, payload) => write(channel, payload))
    req.on('close', () => {
      stop()
      stopServers()
      stopEvents?.()
      streams.delete(res)
    })
  }

  const serveFile = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const relative = normalize(path === '/' ? 'index.html' : decodeURIComponent(path).replace(/^\/+/, ''))
    if (relative.startsWith('..') || relative.includes(`${sep}..`)) return void res.writeHead(403).end()
    let body: Buffer
    try {
      body = await readFile(join(options.rendererDir, relative))
    } catch {
      return void res.writeHead(404).end()
    }
    if (relative === 'index.html') {
      const built = `<meta http-equiv="Content-Security-Policy" content="${options.metaPolicy.built}" />`
      const html = body.toString('utf8')
      if (html.split(built).length !== 2) {
        return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`index.html does not carry exactly this policy: ${built}`)
      }
      body = Buffer.from(html.replace(built, `<meta http-equiv="Content-Security-Policy" content="${options.metaPolicy.served}" />`))
    }
    res
      .writeHead(200, {
        'Content-Type': contentTypes[extname(relative)] ?? 'application/octet-stream',
        'Content-Security-Policy': options.contentSecurityPolicy,
        'Cache-Control': 'no-store',
      })
      .end(req.method === 'HEAD' ? undefined : body)
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bridge').pathname
    if (path.startsWith('/__plexkey/invoke/')) return void serveInvoke(req, res, path.slice('/__plexkey/invoke/'.length))
    if (path === '/__plexkey/events') return serveEvents(req, res)
    return void serveFile(req, res, path)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    close: async () => {
      for (const stream of streams) stream.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > 64 * 1024) throw new Error('request too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
