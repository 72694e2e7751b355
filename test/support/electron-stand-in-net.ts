/**
 * The stand-in's `session` and `net` (re-exported by electron-stand-in.ts, which vitest aliases
 * `electron` to): Electron's network stack played by Node's, against the fake plex.tv, doing what
 * Electron documents where the app relies on it.
 */
import { EventEmitter } from 'node:events'
import { request as httpRequest, type IncomingMessage as NodeIncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void

/**
 * Electron hands header strings to Chromium as UTF-8 (its string conversion to std::string), where
 * Node's fetch and http take one byte per character. Given to Node's http, a string's UTF-8 bytes
 * become one character per byte, so the wire carries what Electron's would.
 */
function utf8Wire(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1')
}

export class StandInSession {
  headersListener: HeadersListener | null = null
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null
  /** Whether what it keeps (cache, cookies) goes to disk: electron.d.ts, session.fromPartition. */
  constructor(readonly partition: string) {}
  get persistent(): boolean {
    return this.partition === '' || this.partition.startsWith('persist:')
  }
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener | null): void => {
      this.headersListener = listener
    },
  }
  setPermissionRequestHandler(handler: ((...args: unknown[]) => void) | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler
  }
  /** ses.fetch: net.fetch from this session. */
  fetch(input: string, init?: RequestInit): Promise<Response> {
    return standInFetch(this, input, init)
  }
  reset(): void {
    this.headersListener = null
    this.permissionRequestHandler = null
    this.permissionCheckHandler = null
  }
}

const defaultSession = new StandInSession('')
/** Every session made from a partition name; standIn.reset() clears it. */
export const partitions = new Map<string, StandInSession>()
export const session = {
  defaultSession,
  /**
   * electron.d.ts, session.fromPartition: the same Session for the same partition; "if there is no
   * `persist:` prefix, the page will use an in-memory session. If the `partition` is empty then
   * default session of the app will be returned."
   */
  fromPartition(partition: string): StandInSession {
    if (partition === '') return defaultSession
    let found = partitions.get(partition)
    if (!found) partitions.set(partition, (found = new StandInSession(partition)))
    return found
  },
}

/** What a request asked of Electron's network stack, for tests to inspect. */
export interface StandInNetCall {
  readonly via: 'fetch' | 'request'
  readonly url: string
  readonly session: StandInSession
  readonly cache: string | undefined
  readonly credentials: string | undefined
  readonly redirect: string | undefined
}

/**
 * net.fetch (and ses.fetch) on Node's fetch, against the fake plex.tv. As in Electron:
 * - header strings go out as UTF-8 (utf8Wire);
 * - `redirect: 'manual'` does not hand back the 3xx: net.fetch is built on the same URL loader as
 *   net.request, which "when mode is `manual` ... the redirection will be cancelled unless
 *   `request.followRedirect` is invoked synchronously" (electron.d.ts, ClientRequestConstructorOptions
 *   `redirect`); fetch has no way to call it, so it rejects ("Redirect was cancelled",
 *   a limitation Electron's own tracker records).
 */
async function standInFetch(ses: StandInSession, input: string, init: RequestInit = {}): Promise<Response> {
  net.calls.push({ via: 'fetch', url: input, session: ses, cache: init.cache, credentials: init.credentials, redirect: init.redirect })
  const headers: Record<string, string> = {}
  const given = init.headers instanceof Headers ? Object.fromEntries(init.headers) : ((init.headers ?? {}) as Record<string, string>)
  for (const [name, value] of Object.entries(given)) headers[name] = utf8Wire(value)
  const response = await globalThis.fetch(input, { ...init, headers, redirect: init.redirect === 'manual' ? 'manual' : init.redirect })
  if (init.redirect === 'manual' && response.status >= 300 && response.status < 400 && response.headers.has('location')) {
    await response.body?.cancel()
    throw new TypeError('fetch failed', { cause: new Error('Redirect was cancelled') })
  }
  return response
}

/** Electron's IncomingMessage: an emitter of 'data', 'end', 'error' and 'aborted' (electron.d.ts). */
export class StandInIncomingMessage extends EventEmitter {
  constructor(
    readonly statusCode: number,
    readonly statusMessage: string,
    readonly headers: Record<string, string | string[]>,
  ) {
    super()
  }
}

export interface StandInRequestOptions {
  readonly url?: string
  readonly method?: string
  readonly session?: StandInSession
  readonly partition?: string
  readonly cache?: string
  readonly credentials?: string
  readonly redirect?: 'follow' | 'error' | 'manual'
}

/**
 * Electron's ClientRequest (net.request) on Node's http, doing what the app relies on as Electron
 * documents it (electron.d.ts, ClientRequest): headers as UTF-8; in `manual` mode a 3xx emits
 * 'redirect' (statusCode, method, redirectUrl, responseHeaders) and, unless followRedirect is called
 * during it, the redirection is cancelled: an 'error' unless the request was aborted; abort() emits
 * 'abort' and 'close', and 'aborted' on a response under way. Only `manual` is implemented: the app
 * uses nothing else.
 */
export class StandInClientRequest extends EventEmitter {
  readonly headers: Record<string, string> = {}
  private readonly chunks: Buffer[] = []
  private started = false
  private closed = false
  private aborted = false
  private followed = false
  private native: ReturnType<typeof httpRequest> | null = null
  private message: StandInIncomingMessage | null = null

  constructor(readonly options: StandInRequestOptions) {
    super()
    if (options.redirect !== 'manual') throw new Error('stand-in: net.request implements redirect: manual only')
  }
  /** Whether abort() ran before the request closed. */
  get wasAborted(): boolean {
    return this.aborted
  }
  setHeader(name: string, value: string): void {
    if (this.started) throw new Error('Headers cannot be set after the request has started')
    this.headers[name] = value
  }
  write(chunk: string | Buffer): void {
    this.chunks.push(Buffer.from(chunk))
  }
  followRedirect(): void {
    this.followed = true
  }
  end(chunk?: string | Buffer): void {
    if (chunk !== undefined) this.write(chunk)
    this.started = true
    const url = new URL(this.options.url ?? '')
    const headers = Object.fromEntries(Object.entries(this.headers).map(([n, v]) => [n, utf8Wire(v)]))
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const native = send(url, { method: this.options.method ?? 'GET', headers })
    this.native = native
    native.on('response', (res: NodeIncomingMessage) => this.answered(url, res))
    native.on('error', (error) => this.die(error))
    native.end(Buffer.concat(this.chunks))
  }
  abort(): void {
    if (this.closed) return
    this.aborted = true
    this.native?.destroy()
    this.emit('abort')
    this.message?.emit('aborted')
    this.close()
  }
  private close(): void {
    if (this.closed) return
    this.closed = true
    this.emit('close')
  }
  private die(error: Error): void {
    if (this.aborted || this.closed) return
    this.emit('error', error)
    this.close()
  }
  private answered(url: URL, res: NodeIncomingMessage): void {
    if (this.aborted) return
    const status = res.statusCode ?? 0
    const location = res.headers.location
    if (status >= 300 && status < 400 && location) {
      const arrays = Object.fromEntries(Object.entries(res.headers).map(([n, v]) => [n, Array.isArray(v) ? v : [String(v)]]))
      this.emit('redirect', status, this.options.method ?? 'GET', new URL(location, url).href, arrays)
      res.resume()
      if (this.followed) throw new Error('stand-in: following a redirect is not implemented')
      if (!this.aborted) this.die(new Error('Redirect was cancelled'))
      return
    }
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = value
    const message = new StandInIncomingMessage(status, res.statusMessage ?? '', headers)
    this.message = message
    this.emit('response', message)
    res.on('data', (chunk: Buffer) => message.emit('data', chunk))
    res.on('end', () => {
      message.emit('end')
      this.close()
    })
    res.on('error', (error) => {
      if (!this.aborted) message.emit('error', error)
    })
  }
}

export const net = {
  online: true,
  /** Every request made through net.fetch, ses.fetch or net.request. */
  calls: [] as StandInNetCall[],
  /** Every ClientRequest made. */
  requests: [] as StandInClientRequest[],
  isOnline(): boolean {
    return this.online
  },
  /** electron.d.ts, net.fetch: "This method will issue requests from the default session." */
  fetch: (input: string, init?: RequestInit): Promise<Response> => standInFetch(defaultSession, input, init),
  /** electron.d.ts, ClientRequestConstructorOptions: "The `session` option supersedes `partition`." */
  request(options: StandInRequestOptions): StandInClientRequest {
    const ses = options.session ?? session.fromPartition(options.partition ?? '')
    const url = options.url ?? ''
    this.calls.push({ via: 'request', url, session: ses, cache: options.cache, credentials: options.credentials, redirect: options.redirect })
    const request = new StandInClientRequest(options)
    this.requests.push(request)
    return request
  },
}
