import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, resolve } from 'node:path'
import { APP_HOST, APP_SCHEME } from './url-policy'

/**
 * The `app://plexkey/` scheme that serves the built renderer (out/renderer). A custom scheme rather
 * than file:// gives the page a real origin to check IPC senders against, keeps other local files
 * out of reach, and lets the CSP travel as a response header.
 */

/** Registered before 'ready': a standard, secure scheme behaves like https for the page. */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true },
} as const

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The file a request names, or null when it is not ours: another host, credentials, an unknown
 * type, or a path that would leave the renderer directory (encoded slashes and dots included).
 */
export function resolveAppFile(url: string, rootDir: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  if (parsed.username !== '' || parsed.password !== '') return null
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const root = resolve(rootDir)
  const file = resolve(join(root, pathname === '/' ? 'index.html' : pathname))
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null
  if (!Object.hasOwn(mimeTypes, extname(file))) return null
  return file
}

/** Answers one `app://` request from the renderer directory, with the CSP on every response. */
export async function serveAppRequest(url: string, rootDir: string, csp: string): Promise<Response> {
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  }
  const file = resolveAppFile(url, rootDir)
  if (!file) return new Response('Not found', { status: 404, headers })
  try {
    const body = await readFile(file)
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': mimeTypes[extname(file)] ?? '' } })
  } catch {
    return new Response('Not found', { status: 404, headers })
  }
}
