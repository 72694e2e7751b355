import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Result } from '../../../preload/api'
import { fail, ok } from '../result'
import { notFound, type ReturnAnswer, type ReturnResponse, returnPage } from './return-page'

/**
 * The loopback address Plex's sign-in page sends the browser back to (`forwardUrl`), as desktop
 * tools end browser sign-ins (RFC 8252, loopback redirect): `http://127.0.0.1:<random port>/<secret>`.
 *
 * Only that exact path answers, only to GET, only when the browser addressed it by that host and
 * port; everything else is a 404 that calls nothing. A visit is just a signal to look at plex.tv
 * now: the request carries nothing that is read, so a forged one can at worst cause one early poll.
 */
export interface ReturnListener {
  /** The address to put in `forwardUrl`. */
  readonly url: string
  /** Stops listening at once; answers already being prepared are still sent. */
  close(): void
}

export interface ReturnListenerOptions {
  /** Called for each genuine visit; its answer becomes the page. */
  readonly onVisit: () => Promise<ReturnAnswer>
}

/** How a return listener is started: `listenForReturn`, or whatever the service is given instead. */
export type ListenForReturn = (options: ReturnListenerOptions) => Promise<Result<ReturnListener>>

/** 256 random bits: the path cannot be guessed, and it is made afresh for every sign-in. */
const SECRET_BYTES = 32

export function listenForReturn(options: ReturnListenerOptions): Promise<Result<ReturnListener>> {
  const secret = Buffer.from(`/${randomBytes(SECRET_BYTES).toString('base64url')}`)
  let host = ''

  // Node checks the timeouts below only every connectionsCheckingInterval (30 s by default): 32
  // connections that send their headers slowly would hold every slot that long.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    if (!isTheReturn(req, secret, host)) return send(res, notFound)
    options.onVisit().then(
      (answer) => send(res, returnPage(answer)),
      () => send(res, returnPage({ kind: 'ended' })),
    )
  })
  // Slow or idle connections get little rope: the page answers within seconds or not at all.
  server.headersTimeout = 5_000
  server.requestTimeout = 30_000
  server.keepAliveTimeout = 1
  server.maxConnections = 32

  return new Promise((resolve) => {
    server.once('error', (error) => resolve(fail('network', `Could not listen for the browser's return: ${error.message}`, true)))
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        return resolve(fail('network', 'Could not listen for the browser\'s return.', true))
      }
      host = `127.0.0.1:${address.port}`
      // Like the core's timers, the listener never keeps a process alive on its own.
      server.unref()
      resolve(
        ok({
          url: `http://${host}${secret.toString()}`,
          close: () => {
            server.close()
            server.closeIdleConnections()
          },
        }),
      )
    })
  })
}

function isTheReturn(req: IncomingMessage, secret: Buffer, host: string): boolean {
  if (req.method !== 'GET') return false
  // A page elsewhere that rebinds its own name to 127.0.0.1 arrives under that name: refused.
  if (req.headers.host !== host) return false
  const path = Buffer.from((req.url ?? '').split('?')[0] ?? '')
  return path.length === secret.length && timingSafeEqual(path, secret)
}

function send(res: ServerResponse, response: ReturnResponse): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(response.status, response.headers)
  res.end(response.body)
}
