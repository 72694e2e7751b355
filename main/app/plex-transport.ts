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

/**
 * A header string as the byte string fetch hands over. Electron decodes header bytes as UTF-8
 * (net_converter.cc), so a value may hold characters past U+00FF, which `Headers` refuses; its UTF-8
 * bytes are what came over the wire (a lone Latin-1 byte is already U+FFFD by then).
 */
function byteString(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

/** The answer's headers; a header `Headers` still refuses (a name that is no token) is left out. */
function responseHeaders(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(byteString(name), byteString(one))
      } catch {
        // Nothing the core reads comes in such a header; the rest of the answer still counts.
      }
    }
  }
  return headers
}

/** A reason phrase the Response constructor accepts (visible bytes, space, tab), or none. */
function statusText(text: string): string {
  const bytes = byteString(text)
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(bytes) ? bytes : ''
}

/** Statuses whose Response may have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([204, 205, 304])

/** The body of an answer, as the transport drives it: ended by abort or failure from outside. */
interface BodyOutlet {
  readonly stream: ReadableStream<Uint8Array>
  /** Errors the stream, unless it already ended, failed or was cancelled. */
  fail(error: unknown): void
}

/**
 * The answer's body as a web stream. It ends with the message's 'end'; a message that closes before
 * it (Electron's abort() destroys the response, which then emits only 'close', never 'aborted') is
 * cut off. `finished` runs once, whichever way the body ends; cancelling it (a body over its cap)
 * aborts the request.
 */
function bodyOutlet(message: IncomingMessage, request: ClientRequest, finished: () => void): BodyOutlet {
  let open = true
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null
  const finish = (end: (c: ReadableStreamDefaultController<Uint8Array>) => void): void => {
    if (!open) return
    open = false
    if (controller) end(controller)
    finished()
  }
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
      message.on('data', (chunk: Buffer) => {
        if (open) c.enqueue(new Uint8Array(chunk))
      })
      message.on('end', () => finish((c) => c.close()))
      message.on('error', (error: Error) => finish((c) => c.error(new TypeError('terminated', { cause: error }))))
      // 'close' is not in the typings' list of IncomingMessage events, but it is a Readable (net-client-request.ts).
      const cutOff = new TypeError('terminated', { cause: new Error('The answer was cut off') })
      ;(message as NodeJS.EventEmitter).on('close', () => finish((c) => c.error(cutOff)))
    },
    cancel() {
      finish(() => undefined)
      request.abort()
    },
  })
  return { stream, fail: (error) => finish((c) => c.error(error)) }
}

/**
 * The fetch main hands the core, on Electron's network stack (system proxy, OS certificates).
 *
 * It keeps the core's contract, which Node's fetch keeps with `redirect: 'manual'`: a 3xx comes back
 * as a response, and no redirect is followed, so a token never travels to wherever one points.
 * Electron's net.fetch cannot do that: it rejects a manual redirect ("Redirect was cancelled", a
 * limitation Electron's own tracker records). net.request can: in manual mode it emits 'redirect'
 * and cancels the redirection unless followRedirect is called (lib/common/api/net-client-request.ts);
 * the request is aborted there and the 3xx returned.
 *
 * What Electron's ClientRequest does, which its typings do not say (net-client-request.ts):
 * - it is a Writable with autoDestroy, so 'close' comes right after end(), before any answer: the
 *   caller's signal stays wired until the body has ended, failed or been cancelled, or the request
 *   failed, and not until 'close';
 * - a failure is a bare `Error('net::ERR_…')`, handed on as fetch's `TypeError('fetch failed')` with it
 *   as the cause (main/core/net/network-failure.ts reads it);
 * - header and status strings are UTF-8 text, so building the Response can throw: every event handler
 *   is guarded, and a throw aborts the request and rejects, rather than escape into main's event loop
 *   and leave the call unsettled.
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
      // Set once the Response exists (and only then): from then on an abort or a failure ends its
      // body instead of the call.
      let answered = false
      let body: BodyOutlet | null = null
      // Once the body is over or the request failed: the signal is let go and nothing more counts.
      let over = false
      const onAbort = (): void => {
        request.abort()
        end(abortError(signal as AbortSignal))
      }
      const release = (): void => {
        over = true
        signal?.removeEventListener('abort', onAbort)
      }
      /** Settles the call (or, once answered, the body) with an error, and lets the signal go. */
      const end = (error: unknown): void => {
        if (over) return
        if (answered) body?.fail(error)
        else reject(error)
        release()
      }
      const answer = (response: Response, outlet: BodyOutlet | null): void => {
        answered = true
        body = outlet
        resolve(response)
        if (!outlet) release()
      }
      /** Any throw inside one of Electron's events aborts the request and fails the call. */
      const guarded =
        <A extends unknown[]>(handler: (...args: A) => void) =>
        (...args: A): void => {
          try {
            if (!over) handler(...args)
          } catch (error) {
            request.abort()
            end(new TypeError('fetch failed', { cause: error }))
          }
        }
      signal?.addEventListener('abort', onAbort)
      request.on(
        'redirect',
        guarded((statusCode, _method, redirectUrl, headers) => {
          // Aborted synchronously, inside the event: the redirection is never followed.
          request.abort()
          const located = responseHeaders(headers)
          if (!located.has('location')) located.set('location', byteString(redirectUrl))
          answer(new Response(null, { status: statusCode, headers: located }), null)
        }),
      )
      request.on(
        'response',
        guarded((message) => {
          const outlet = NULL_BODY.has(message.statusCode) ? null : bodyOutlet(message, request, release)
          const response = new Response(outlet?.stream ?? null, {
            status: message.statusCode,
            statusText: statusText(message.statusMessage),
            headers: responseHeaders(message.headers),
          })
          answer(response, outlet)
        }),
      )
      request.on(
        'error',
        guarded((error) => end(new TypeError('fetch failed', { cause: error }))),
      )
      try {
        for (const [name, value] of new Headers(init.headers).entries()) request.setHeader(name, headerText(value))
        if (typeof init.body === 'string') request.write(init.body)
        else if (init.body !== undefined && init.body !== null) throw new TypeError('Only a text body can be sent to plex.tv.')
        request.end()
      } catch (error) {
        request.abort()
        end(error)
      }
    })
}
