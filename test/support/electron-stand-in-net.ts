/**
 * The stand-in's `session` and `net` (re-exported by electron-stand-in.ts, which vitest aliases
 * `electron` to): Electron's network stack played by Node's, against the fake plex.tv. Where
 * electron.d.ts and Electron's code disagree, this follows the code (electron/electron, lib/ and
 * shell/, as cited at each part), because the code is what the app meets.
 */
import { EventEmitter } from 'node:events'
import { type ClientRequest as NodeClientRequest, request as httpRequest, type IncomingMessage as NodeIncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable, Writable } from 'node:stream'

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

/** Whether the app is ready: electron-stand-in.ts binds it to its `app`. */
export const readiness = { isReady: (): boolean => false }

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
    // shell/browser/api/electron_api_session.cc, FromPartition: a TypeError before 'ready'.
    if (!readiness.isReady()) throw new TypeError('Session can only be received when app is ready')
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

/**
 * How the stand-in's URL loader names a failure: Electron rejects with `new Error(netErrorString)`,
 * the string being Chromium's `net::ErrorToString` (shell/common/api/electron_api_url_loader.cc,
 * OnComplete; lib/common/api/net-client-request.ts, the loader's 'error'), with no `code`. Node's
 * error codes map to the names Chromium's net/base/net_errors_posix.cc and its certificate
 * verifier give the same failures; spec/api-net-spec.ts expects `net::ERR_EMPTY_RESPONSE` for a
 * socket closed before any answer and `net::ERR_NAME_NOT_RESOLVED` for an unknown host.
 */
const NET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  ECONNABORTED: 'net::ERR_CONNECTION_ABORTED',
  ETIMEDOUT: 'net::ERR_CONNECTION_TIMED_OUT',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: 'net::ERR_INTERNET_DISCONNECTED',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  SELF_SIGNED_CERT_IN_CHAIN: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'net::ERR_CERT_AUTHORITY_INVALID',
  CERT_HAS_EXPIRED: 'net::ERR_CERT_DATE_INVALID',
  CERT_NOT_YET_VALID: 'net::ERR_CERT_DATE_INVALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'net::ERR_CERT_COMMON_NAME_INVALID',
  EPROTO: 'net::ERR_SSL_PROTOCOL_ERROR',
  ERR_INVALID_REDIRECT: 'net::ERR_INVALID_REDIRECT',
}

function netErrorString(error: NodeJS.ErrnoException, answered: { readonly chunked: boolean } | null): string {
  if (answered) return answered.chunked ? 'net::ERR_INCOMPLETE_CHUNKED_ENCODING' : 'net::ERR_CONTENT_LENGTH_MISMATCH'
  if (error.message === 'socket hang up') return 'net::ERR_EMPTY_RESPONSE'
  return NET_ERRORS[error.code ?? ''] ?? 'net::ERR_FAILED'
}

/**
 * Chromium's header and status strings reach JavaScript through gin's StringToV8, which reads them as
 * UTF-8 (shell/common/gin_converters/net_converter.cc, HttpResponseHeaders ToV8;
 * electron_api_url_loader.cc, OnResponseStarted): a CJK name stays above U+00FF and a lone Latin-1
 * byte becomes U+FFFD. Node's parser hands the bytes over one per character, so they are read again.
 */
function asUtf8(oneBytePerChar: string): string {
  return Buffer.from(oneBytePerChar, 'latin1').toString('utf8')
}

export interface StandInResponseHead {
  readonly statusCode: number
  readonly statusMessage: string
  /** Lower-cased names, every value of each (net_converter.cc groups header lines by name). */
  readonly headers: Record<string, string[]>
  readonly rawHeaders: readonly { readonly key: string; readonly value: string }[]
}

function responseHead(res: NodeIncomingMessage): StandInResponseHead {
  const headers: Record<string, string[]> = {}
  const rawHeaders: { key: string; value: string }[] = []
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const key = asUtf8(res.rawHeaders[i] ?? '')
    const value = asUtf8(res.rawHeaders[i + 1] ?? '')
    rawHeaders.push({ key, value })
    ;(headers[key.toLowerCase()] ??= []).push(value)
  }
  return { statusCode: res.statusCode ?? 0, statusMessage: asUtf8(res.statusMessage ?? ''), headers, rawHeaders }
}

/** Statuses Chromium follows (net/http/http_response_headers.cc, IsRedirectResponseCode). */
const FOLLOWED = new Set([301, 302, 303, 307, 308])

/** The method after a redirect (net/url_request/redirect_info.cc, ComputeMethodForRedirect). */
function methodAfterRedirect(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET'
  if ((status === 301 || status === 302) && method === 'POST') return 'GET'
  return method
}

interface LoaderOptions {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
}

/**
 * Electron's native URL loader (createURLLoader, shell/common/api/electron_api_url_loader.cc) on
 * Node's http: the events ClientRequest listens to, with their arguments. 'redirect' comes only for
 * a redirect Chromium would follow (a followed status with a Location), and the request goes on to
 * the new address unless cancel() was called during it (OnRedirect: "The redirect was aborted by
 * JS"). Any other 3xx is an answer like any other.
 */
class StandInURLLoader extends EventEmitter {
  private native: NodeClientRequest | null = null
  /** Whether cancel() ran or the loader failed: nothing more is emitted. Read by tests through the request. */
  cancelled = false

  constructor(private readonly options: LoaderOptions) {
    super()
    this.send(options.url, options.method, options.body)
  }
  cancel(): void {
    this.cancelled = true
    this.native?.destroy()
  }
  private send(url: string, method: string, body: Buffer): void {
    const target = new URL(url)
    const headers = Object.fromEntries(Object.entries(this.options.headers).map(([n, v]) => [n, utf8Wire(v)]))
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const native = send(target, { method, headers, agent: false })
    this.native = native
    let answered: { chunked: boolean } | null = null
    const failed = (error: NodeJS.ErrnoException): void => {
      if (!this.cancelled) this.emit('error', {}, netErrorString(error, answered))
      this.cancelled = true
    }
    native.on('error', failed)
    native.on('response', (res: NodeIncomingMessage) => {
      if (this.cancelled) return void res.destroy()
      const head = responseHead(res)
      const location = head.headers['location']?.[0]
      if (FOLLOWED.has(head.statusCode) && location) {
        res.resume()
        let next: URL
        try {
          next = new URL(location, target)
        } catch {
          return failed(Object.assign(new Error('invalid redirect'), { code: 'ERR_INVALID_REDIRECT' }))
        }
        const newMethod = methodAfterRedirect(head.statusCode, method)
        this.emit('redirect', {}, { statusCode: head.statusCode, newMethod, newUrl: next.href }, head.headers)
        if (this.cancelled) return
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          this.emit('error', {}, 'net::ERR_UNSAFE_REDIRECT')
          return this.cancel()
        }
        native.destroy()
        return this.send(next.href, newMethod, newMethod === method ? body : Buffer.alloc(0))
      }
      answered = { chunked: res.headers['transfer-encoding'] !== undefined }
      this.emit('response-started', {}, target.href, head)
      res.on('data', (chunk: Buffer) => {
        // The network hands over the next chunk once the reader asked for more (OnDataReceived's resume).
        res.pause()
        this.emit('data', {}, chunk, () => res.resume())
      })
      res.on('end', () => {
        if (!this.cancelled) this.emit('complete', {})
      })
      res.on('aborted', () => failed(new Error('aborted')))
      res.on('error', failed)
    })
    native.end(body)
  }
}

/**
 * Electron's IncomingMessage (lib/common/api/net-client-request.ts): a Readable fed by the loader,
 * pausing the network while nobody reads. `headers` keeps one value for the names Node keeps one of
 * and joins the others with ', '; set-cookie stays a list. abort() destroys it without an error, so
 * it emits only 'close': never 'aborted', 'end' or 'error' (spec/api-net-spec.ts, "it should be able
 * to abort an HTTP request after response start").
 */
export class StandInIncomingMessage extends Readable {
  private shouldPush = false
  private readonly queued: (Buffer | null)[] = []
  private askForMore: (() => void) | null = null

  constructor(private readonly head: StandInResponseHead) {
    super()
  }
  get statusCode(): number {
    return this.head.statusCode
  }
  get statusMessage(): string {
    return this.head.statusMessage
  }
  get headers(): Record<string, string | string[]> {
    const filtered: Record<string, string | string[]> = {}
    for (const [name, values] of Object.entries(this.head.headers)) {
      filtered[name] = DISCARDABLE_DUPLICATES.has(name) ? (values[0] ?? '') : values.join(', ')
    }
    const cookies = this.head.rawHeaders.filter(({ key }) => key.toLowerCase() === 'set-cookie').map(({ value }) => value)
    if (cookies.length) filtered['set-cookie'] = cookies
    return filtered
  }
  /** The loader's data: kept until read, with the callback that asks the network for more. */
  store(chunk: Buffer | null, resume: (() => void) | null): void {
    this.askForMore = resume
    this.queued.push(chunk)
    this.pushQueued()
  }
  private pushQueued(): void {
    while (this.shouldPush && this.queued.length > 0) this.shouldPush = this.push(this.queued.shift() ?? null)
    if (this.shouldPush && this.askForMore) {
      const resume = this.askForMore
      this.askForMore = null
      resume()
    }
  }
  override _read(): void {
    this.shouldPush = true
    this.pushQueued()
  }
}

/** net-client-request.ts, discardableDuplicateHeaders (the names Node keeps one value of). */
const DISCARDABLE_DUPLICATES = new Set([
  'content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization', 'proxy-authorization',
  'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag',
  'last-modified', 'server', 'age', 'expires',
])

/** RFC 7230 token characters: Chromium's HttpUtil::IsValidHeaderName (electron_api_net.cc). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** net-client-request.ts, validateHeader; a value is refused for NUL, CR or LF (HttpUtil::IsValidHeaderValue). */
function validateHeader(name: unknown, value: unknown): void {
  if (typeof name !== 'string') throw new TypeError('`name` should be a string in setHeader(name, value)')
  if (value === null || value === undefined) throw new Error(`\`value\` required in setHeader("${name}", value)`)
  if (!TOKEN.test(name)) throw new Error(`Invalid header name: '${name}'`)
  if (/[\0\r\n]/.test(String(value))) throw new Error(`Invalid value for header '${name}': '${String(value)}'`)
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
 * Electron's ClientRequest (lib/common/api/net-client-request.ts), step for step, on the stand-in's
 * URL loader. What the app must live with, where the typings say otherwise:
 * - it is a Writable with `autoDestroy`: `end()` starts the request in `_final` and calls back at
 *   once, so 'finish' and 'close' come right after `end()`, before any 'response' (spec/api-net-spec.ts,
 *   "request/response objects should emit expected events", waits for 'close' and then 'response');
 * - `abort()` emits 'abort' on the next tick, cancels the loader and destroys the response, which
 *   then emits only 'close';
 * - a failure is `new Error('net::ERR_…')`, emitted on the response (if any) and on the request;
 * - in `manual` mode, 'redirect' is emitted and, unless followRedirect() ran during it or the request
 *   was aborted, the request dies with 'Redirect was cancelled';
 * - setHeader validates, and refuses once the request has started or been written to.
 */
export class StandInClientRequest extends Writable {
  private started = false
  private firstWrite = false
  private aborted = false
  private readonly chunks: Buffer[] = []
  private readonly headerList: Record<string, { readonly name: string; readonly value: string }> = {}
  private followRedirectCb: (() => void) | undefined
  private loader: StandInURLLoader | undefined
  private response: StandInIncomingMessage | undefined

  constructor(readonly options: StandInRequestOptions) {
    super({ autoDestroy: true })
    const policy = options.redirect ?? 'follow'
    if (!['follow', 'error', 'manual'].includes(policy)) throw new Error('redirect mode should be one of follow, error or manual')
    const protocol = new URL(options.url ?? '').protocol
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error('ClientRequest only supports http: and https: protocols')
  }
  /** Test hook: whether abort() was called. */
  get wasAborted(): boolean {
    return this.aborted
  }
  /** Test hook: whether the URL loader was cancelled (by abort() or a failure). */
  get loaderCancelled(): boolean {
    return this.loader?.cancelled ?? false
  }
  /** The headers as set, by name as given. */
  get headers(): Record<string, string> {
    return Object.fromEntries(Object.values(this.headerList).map(({ name, value }) => [name, value]))
  }
  setHeader(name: string, value: string): void {
    if (this.started || this.firstWrite) throw new Error("Can't set headers after they are sent")
    validateHeader(name, value)
    this.headerList[name.toLowerCase()] = { name, value }
  }
  followRedirect(): void {
    if (!this.followRedirectCb) throw new Error('followRedirect() called, but was not waiting for a redirect')
    this.followRedirectCb()
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.firstWrite = true
    this.chunks.push(chunk)
    callback()
  }
  override _final(callback: () => void): void {
    this.startRequest()
    callback()
  }
  abort(): void {
    if (!this.aborted) process.nextTick(() => this.emit('abort'))
    this.aborted = true
    this.die()
  }
  private startRequest(): void {
    this.started = true
    const loader = new StandInURLLoader({
      url: this.options.url ?? '',
      method: (this.options.method ?? 'GET').toUpperCase(),
      headers: this.headers,
      body: Buffer.concat(this.chunks),
    })
    this.loader = loader
    loader.on('response-started', (_event, _finalUrl, head: StandInResponseHead) => {
      this.response = new StandInIncomingMessage(head)
      this.emit('response', this.response)
    })
    loader.on('data', (_event, data: Buffer, resume: () => void) => this.response?.store(data, resume))
    loader.on('complete', () => this.response?.store(null, null))
    loader.on('error', (_event, netError: string) => {
      const error = new Error(netError)
      this.response?.destroy(error)
      this.die(error)
    })
    loader.on('redirect', (_event, info: { statusCode: number; newMethod: string; newUrl: string }, headers: Record<string, string[]>) => {
      const policy = this.options.redirect ?? 'follow'
      if (policy === 'error') return this.die(new Error("Attempted to redirect, but redirect policy was 'error'"))
      let followed = policy === 'follow'
      this.followRedirectCb = () => (followed = true)
      try {
        this.emit('redirect', info.statusCode, info.newMethod, info.newUrl, headers)
      } finally {
        this.followRedirectCb = undefined
        if (!followed && !this.aborted) this.die(new Error('Redirect was cancelled'))
      }
    })
  }
  /** net-client-request.ts, _die: an error after the stream was destroyed is still emitted. */
  private die(error?: Error): void {
    if (this.destroyed && error) this.emit('error', error)
    this.destroy(error)
    if (this.loader) {
      this.loader.cancel()
      this.response?.destroy(error)
    }
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
    // lib/browser/api/net.ts, request.
    if (!readiness.isReady()) throw new Error('net module can only be used after app is ready')
    const ses = options.session ?? session.fromPartition(options.partition ?? '')
    const url = options.url ?? ''
    this.calls.push({ via: 'request', url, session: ses, cache: options.cache, credentials: options.credentials, redirect: options.redirect })
    const request = new StandInClientRequest(options)
    this.requests.push(request)
    return request
  },
}
