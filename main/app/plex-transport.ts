import type { ClientRequest, ClientRequestConstructorOptions, IncomingMessage, Session } from 'electron'
import { headerText } from '../core/plex/headers'
import type { FetchLike } from '../core/plex/plex-client'

/** The one partition main's plex.tv requests use: no `persist:` prefix, so it lives in memory only. */
export const PLEX_PARTITION = 'plexkey-plex'

export interface PlexTransportOptions {
  /** Electron's net.request. */
  readonly request: (options: ClientRequestConstructorOptions) => ClientRequest
  /** session.fromPartition(PLEX_PARTITION): never the default session. */
  readonly session: Session
}

/**
 * The options every plex.tv request is made with. The answers carry the token: `no-store` keeps them
 * out of Chromium's HTTP cache, `omit` sends no cookie or HTTP auth and stores no cookie, and the
 * in-memory session means nothing else of plex.tv's reaches the disk either.
 */
function plexRequestOptions(url: string, method: string, session: Session): ClientRequestConstructorOptions {
  return { url, method, session, cache: 'no-store', credentials: 'omit', redirect: 'manual' }
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

function responseHeaders(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}

/** Statuses whose Response may have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([204, 205, 304])

/** The answer's body as a web stream; cancelling it (a body over its cap) aborts the request. */
function bodyStream(message: IncomingMessage, request: ClientRequest): ReadableStream<Uint8Array> {
  // Closed once it ended, failed or was cancelled: a chunk or an error arriving later is dropped.
  let open = true
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (end: () => void): void => {
        if (!open) return
        open = false
        end()
      }
      message.on('data', (chunk: Buffer) => {
        if (open) controller.enqueue(new Uint8Array(chunk))
      })
      message.on('end', () => finish(() => controller.close()))
      message.on('error', (error: Error) => finish(() => controller.error(error)))
      message.on('aborted', () => finish(() => controller.error(new DOMException('The answer was cut off', 'AbortError'))))
    },
    cancel() {
      open = false
      request.abort()
    },
  })
}

/**
 * The fetch main hands the core, on Electron's network stack (system proxy, OS certificates).
 *
 * It keeps the core's contract, which Node's fetch keeps with `redirect: 'manual'`: a 3xx comes back
 * as a response, and no redirect is followed, so a token never travels to wherever one points.
 * Electron's net.fetch cannot do that: it rejects a manual redirect ("Redirect was cancelled", a
 * limitation Electron's own tracker records). net.request can: in manual mode it emits 'redirect'
 * and cancels the redirection unless followRedirect is called (electron.d.ts,
 * ClientRequestConstructorOptions `redirect`); the request is aborted there and the 3xx returned.
 *
 * Header values arrive as the core writes them, byte strings as the Fetch standard has them; Electron
 * sends header strings as UTF-8, so they are handed over as the text they spell (headerText).
 */
export function createPlexTransport(options: PlexTransportOptions): FetchLike {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined
      if (signal?.aborted) return reject(abortError(signal))
      const request = options.request(plexRequestOptions(url, init.method ?? 'GET', options.session))
      let settled = false
      const settle = (outcome: () => void): void => {
        if (settled) return
        settled = true
        outcome()
      }
      const onAbort = (): void => {
        request.abort()
        settle(() => reject(abortError(signal as AbortSignal)))
      }
      // Kept until the request closes: an abort while the body streams cuts the body off, as fetch does.
      signal?.addEventListener('abort', onAbort)
      request.on('close', () => signal?.removeEventListener('abort', onAbort))
      request.on('redirect', (statusCode, _method, redirectUrl, headers) => {
        const answer = responseHeaders(headers)
        if (!answer.has('location')) answer.set('location', redirectUrl)
        // Aborted synchronously, inside the event: the redirection is never followed.
        request.abort()
        settle(() => resolve(new Response(null, { status: statusCode, headers: answer })))
      })
      request.on('response', (message) => {
        const body = NULL_BODY.has(message.statusCode) ? null : bodyStream(message, request)
        settle(() =>
          resolve(new Response(body, { status: message.statusCode, statusText: message.statusMessage, headers: responseHeaders(message.headers) })),
        )
      })
      request.on('error', (error) => settle(() => reject(new TypeError('fetch failed', { cause: error }))))
      try {
        for (const [name, value] of new Headers(init.headers).entries()) request.setHeader(name, headerText(value))
        if (typeof init.body === 'string') request.write(init.body)
        else if (init.body !== undefined && init.body !== null) throw new TypeError('Only a text body can be sent to plex.tv.')
        request.end()
      } catch (error) {
        request.abort()
        settle(() => reject(error))
      }
    })
}
