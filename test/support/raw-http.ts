import { request } from 'node:http'

export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: string
}

export interface RawRequest {
  readonly method?: string
  /** Sent as the Host header instead of the URL's own host and port (a rebinding page's name). */
  readonly host?: string
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * One HTTP request with node:http, which (unlike fetch) lets a test send any method, any Host header
 * and any path as written. Rejects when nothing listens.
 */
export function rawRequest(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port,
        method: options.method ?? 'GET',
        // The path exactly as given, with no normalising of dot segments or escapes.
        path: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
        headers: { ...options.headers, ...(options.host ? { host: options.host } : {}) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}
