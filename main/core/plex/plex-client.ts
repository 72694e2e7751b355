import type { ClientIdentity } from '../account/client-identity'
import type { Logger } from '../log'
import { createLogger, rememberSecret } from '../log'
import { buildAuthUrl } from './auth-url'
import { fetchAvatarDataUrl } from './avatar'
import { withDeadline } from './deadline'
import type { PlexEndpoints } from './endpoints'
import { isSendableToken, plexHeaders } from './headers'
import { parseErrorBody, plexErrors } from './plex-error'
import type { CallOptions, PlexClient, PlexError, PlexResult } from './plex-types'
import { readBodyCapped } from './read-body'
import { parseRetryAfter } from './retry-after'
import { parsePin, parseResources, parseUser } from './schemas'
import type { CallKind, CallSpec, TokenCall } from './call-spec'
import { createDeviceCalls } from './device-calls'
import { createHomeCalls } from './home-calls'
import { createJwtCalls } from './jwt-calls'
import { withoutQuerySecrets } from './query-secrets'

/** fetch as Node provides it: main's transport on Electron's network stack keeps the same contract (main/app/plex-transport.ts). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export interface PlexClientOptions {
  readonly identity: ClientIdentity
  readonly fetch: FetchLike
  readonly endpoints: PlexEndpoints
  /** Per call, covering the request and the whole body. */
  readonly timeoutMs?: number
  readonly maxResponseBytes?: number
  readonly logger?: Logger
  readonly now?: () => number
}

/** Where plex.tv types 4-character codes in; a page for people, so never overridden. */
export const LINK_URL = 'https://plex.tv/link'

const ERROR_BODY_LIMIT = 64 * 1024

/** What a log may say about a body it could not use: never its content, which may hold a token. */
function bodySummary(response: Response, bytes: number): { readonly bytes: number; readonly contentType: string } {
  return { bytes, contentType: (response.headers.get('content-type') ?? 'none').slice(0, 80) }
}

export function createPlexClient(options: PlexClientOptions): PlexClient {
  const { identity, endpoints } = options
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024
  const baseLogger = options.logger ?? createLogger('plex')
  const now = options.now ?? Date.now
  const doFetch = options.fetch

  function failure<T = never>(error: PlexError): PlexResult<T> {
    return { ok: false, error }
  }

  async function errorFromResponse(response: Response, kind: CallKind): Promise<PlexError> {
    const read = await readBodyCapped(response, ERROR_BODY_LIMIT)
    const text = read.kind === 'ok' ? new TextDecoder().decode(read.bytes) : ''
    const body = parseErrorBody(text)
    const status = response.status
    const extra = { status, ...(body.plexCode !== undefined ? { plexCode: body.plexCode } : {}) }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now())
    if (status === 429) return plexErrors.rateLimited({ ...extra, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) })
    // 498 is an expired JWT wherever it comes from: a Plex JWT as X-Plex-Token, or our device JWT.
    // It is marked, so the caller can refresh instead of giving up.
    if (status === 498) return plexErrors.tokenExpired(extra)
    if (kind !== 'pin' && kind !== 'jwt') {
      // 401/1001 is the documented answer; some endpoints say 422 "Invalid token".
      const invalidToken = status === 422 && /invalid token/i.test(body.message ?? text)
      if (status === 401 || invalidToken || body.plexCode === 1001) return plexErrors.tokenRejected(extra)
    }
    // A wrong or missing Home PIN; plex.tv asks even the admin for one at times.
    if (kind === 'home-switch' && body.plexCode === 1041) return plexErrors.homePinRequired(extra)
    if (kind === 'link' && (status === 404 || body.plexCode === 1020)) return plexErrors.pinExpired(extra)
    if (kind === 'device' && status === 404) return plexErrors.deviceGone(extra)
    // The JWT endpoints answer 422 for a bad signature or a revoked device key: no retry can help.
    if (kind === 'jwt' && (status === 401 || status === 422)) {
      return plexErrors.tokenRejected(extra)
    }
    if (kind === 'pin' && (status === 404 || body.plexCode === 1020)) return plexErrors.pinExpired(extra)
    if (status >= 300 && status < 400) return plexErrors.badResponse('plex.tv redirected the request', extra)
    return plexErrors.plexError(status, body.message, {
      ...extra,
      ...(status === 503 && retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }

  function call<T>(spec: CallSpec<T>): Promise<PlexResult<T>> {
    const what = `${spec.method} ${spec.path}`
    // The secret query (a Home PIN, a device JWT) is never in `what`; whatever else may quote the
    // address (a transport's error text) is masked too.
    const logger = spec.secretQuery ? withoutQuerySecrets(baseLogger, Object.keys(spec.secretQuery)) : baseLogger
    return withDeadline<T>(timeoutMs, spec.signal, logger, what, async (signal) => {
      const headers = plexHeaders(identity, spec.token)
      logger.debug(`${what}: sending`, { headers })
      let url = `${spec.host === 'clients' ? endpoints.clients : endpoints.api}${spec.path}`
      if (spec.secretQuery) url += `${spec.path.includes('?') ? '&' : '?'}${new URLSearchParams(spec.secretQuery)}`
      if (spec.body !== undefined) headers['Content-Type'] = 'application/json'
      if (spec.form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded'
      const body = spec.body !== undefined ? JSON.stringify(spec.body) : spec.form && new URLSearchParams(spec.form).toString()
      const response = await doFetch(url, {
        method: spec.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal,
        // A redirect would carry X-Plex-Token to wherever it points: never follow one.
        redirect: 'manual',
      })
      logger.debug(`${what}: HTTP ${response.status}`)
      if (!response.ok) {
        const error = await errorFromResponse(response, spec.kind)
        logger.info(`${what}: ${error.code}`, { status: error.status, plexCode: error.plexCode })
        return failure(error)
      }
      if (!spec.parse) {
        await response.body?.cancel()
        return { ok: true, value: undefined as T }
      }
      const read = await readBodyCapped(response, maxResponseBytes)
      if (read.kind === 'too-large') {
        logger.warn(`${what}: answer larger than ${maxResponseBytes} bytes`)
        return failure(plexErrors.badResponse('the answer was too large', { status: response.status }))
      }
      const text = new TextDecoder().decode(read.bytes)
      if (text.trimStart().startsWith('<')) {
        logger.warn(`${what}: answer was XML, not JSON`)
        return failure(plexErrors.badResponse('it was XML, not JSON', { status: response.status }))
      }
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        // Only its size and type: a slice of the body could end inside a token, where redaction
        // no longer recognises it.
        logger.warn(`${what}: answer was not valid JSON`, bodySummary(response, read.bytes.length))
        return failure(plexErrors.badResponse('it was not valid JSON', { status: response.status }))
      }
      const parsed = spec.parse(json)
      if (!parsed.ok) {
        logger.warn(`${what}: answer did not match the expected shape`, { issues: parsed.issues })
        return failure(plexErrors.badResponse('expected fields were missing or wrong', { status: response.status }))
      }
      return { ok: true, value: parsed.value }
    })
  }

  /** Token calls refuse a token that cannot be a header value rather than let fetch throw. */
  const tokenCall: TokenCall = (token, spec) => {
    if (!isSendableToken(token)) return Promise.resolve(failure(plexErrors.tokenRejected()))
    rememberSecret(token)
    return call({ kind: 'token', ...spec, token })
  }

  const getUser: PlexClient['getUser'] = (token, callOptions: CallOptions = {}) =>
    tokenCall(token, { method: 'GET', path: '/api/v2/user', signal: callOptions.signal, parse: parseUser })

  function pinCall(spec: Omit<CallSpec<never>, 'kind' | 'parse'>): ReturnType<PlexClient['checkPin']> {
    for (const value of Object.values(spec.secretQuery ?? {})) rememberSecret(value)
    return call({
      ...spec,
      kind: 'pin',
      parse: (json) => {
        const parsed = parsePin(json, now())
        if (parsed.ok && parsed.value.authToken) rememberSecret(parsed.value.authToken)
        return parsed
      },
    })
  }

  return {
    linkUrl: LINK_URL,
    authUrl: (code, forwardUrl) => buildAuthUrl(endpoints.auth, identity, code, forwardUrl),

    createPin: ({ strong, jwk, signal }) =>
      jwk
        ? // A device-key PIN goes to clients.plex.tv with the public key in a JSON body (a JWK does
          // not fit a query string). Plex's developer documentation sends `strong: true` for the
          // hosted page and leaves `strong` out for a plex.tv/link code, so that is what is sent.
          pinCall({ method: 'POST', host: 'clients', path: '/api/v2/pins', body: strong ? { jwk, strong } : { jwk }, signal })
        : pinCall({ method: 'POST', path: `/api/v2/pins?strong=${strong}`, signal }),

    checkPin: (id, callOptions: { readonly deviceJWT?: string } & CallOptions = {}) => {
      // An id plex.tv could never have issued is an unknown PIN; no need to ask.
      if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve(failure(plexErrors.pinExpired()))
      const { deviceJWT, signal } = callOptions
      if (deviceJWT === undefined) return pinCall({ method: 'GET', path: `/api/v2/pins/${id}`, signal })
      return pinCall({ method: 'GET', host: 'clients', path: `/api/v2/pins/${id}`, secretQuery: { deviceJWT }, signal })
    },

    ...createJwtCalls(call),

    getUser,
    ...createHomeCalls(tokenCall),
    ...createDeviceCalls(tokenCall, getUser),

    signOut: (token, callOptions: CallOptions = {}) =>
      tokenCall<void>(token, { method: 'DELETE', path: '/api/v2/users/signout', signal: callOptions.signal }),

    getResources: (token, callOptions: CallOptions = {}) =>
      tokenCall(token, {
        method: 'GET',
        path: '/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1',
        signal: callOptions.signal,
        parse: (json) => {
          const parsed = parseResources(json)
          // Each server's token is as secret as the account's: no log may show it.
          if (parsed.ok) for (const resource of parsed.value) if (resource.accessToken) rememberSecret(resource.accessToken)
          return parsed
        },
      }),

    fetchAvatar: (url, callOptions: CallOptions = {}) =>
      withDeadline(timeoutMs, callOptions.signal, baseLogger, 'avatar', (signal) =>
        fetchAvatarDataUrl({ url, fetch: doFetch, signal, maxBytes: maxResponseBytes, apiOrigin: endpoints.api }),
      ),
  }
}
