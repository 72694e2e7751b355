import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATUS_CODES } from 'node:http'
import { xmlDocument } from './xml'

/** What a handler sees of a request: the parsed URL, the body, and how to answer. */
export interface FakeRequest {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly method: string
  /** Path without a trailing `.json` (plex.tv accepts that suffix as a JSON request). */
  readonly path: string
  readonly url: URL
  readonly body: string
  readonly json: boolean
}

const MAX_BODY = 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > MAX_BODY) return undefined
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** HTTP headers arrive as latin1; plex.tv reads X-Plex-* values as UTF-8 first, as clients send them. */
export function decodeHeader(value: string): string {
  const utf8 = Buffer.from(value, 'latin1').toString('utf8')
  return utf8.includes('\uFFFD') ? value : utf8
}

export function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    out[name] = name.startsWith('x-plex-') ? decodeHeader(text) : text
  }
  return out
}

/** An X-Plex-* parameter from the headers or, as plex.tv also allows, the query string (any case). */
export function plexParam(r: FakeRequest, name: string): string | undefined {
  const header = r.req.headers[name.toLowerCase()]
  if (typeof header === 'string' && header !== '') return decodeHeader(header)
  for (const [key, value] of r.url.searchParams) {
    if (key.toLowerCase() === name.toLowerCase() && value !== '') return value
  }
  return undefined
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

/** Answers in JSON when asked with `Accept: application/json`, otherwise in XML, as plex.tv does. */
export function reply(r: FakeRequest, status: number, root: string, value: unknown, headers?: Record<string, string>): void {
  if (r.json) send(r.res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers)
  else send(r.res, status, xmlDocument(root, value), 'application/xml; charset=utf-8', headers)
}

const PLEX_MESSAGES: Readonly<Record<number, string>> = {
  1000: 'X-Plex-Client-Identifier is missing',
  1001: 'User could not be authenticated',
  1003: 'API rate limit exceeded',
  1020: 'Code not found or expired',
}

export function plexMessage(code: number | undefined, status: number): string {
  return (code !== undefined ? PLEX_MESSAGES[code] : undefined) ?? STATUS_CODES[status] ?? 'Error'
}

/** plex.tv's error envelope. The 404/1020 sample carries no `status`, the 400 and 401 samples do. */
export function replyError(
  r: FakeRequest,
  status: number,
  code: number | undefined,
  message = plexMessage(code, status),
  headers?: Record<string, string>,
): void {
  const error: Record<string, unknown> = {}
  if (code !== undefined) error['code'] = code
  error['message'] = message
  if (status !== 404) error['status'] = status
  if (r.json) send(r.res, status, JSON.stringify({ errors: [error] }), 'application/json; charset=utf-8', headers)
  else send(r.res, status, xmlDocument('errors', [error]), 'application/xml; charset=utf-8', headers)
}
