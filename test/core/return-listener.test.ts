import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { listenForReturn, type ReturnListener } from '../../main/core/signin/return-listener'
import { type ReturnAnswer, returnPage } from '../../main/core/signin/return-page'
import { rawRequest } from '../support/raw-http'

// The loopback listener over real sockets: only its one address answers, and only to GET.

let open: ReturnListener[] = []
afterEach(() => {
  for (const listener of open) listener.close()
  open = []
})

async function listen(answer: () => Promise<ReturnAnswer> = async () => ({ kind: 'not-yet' })) {
  let visits = 0
  const started = await listenForReturn({
    onVisit: () => {
      visits += 1
      return answer()
    },
  })
  if (!started.ok) throw new Error(started.error.message)
  open.push(started.value)
  const url = new URL(started.value.url)
  return { listener: started.value, url, visits: () => visits }
}

const refused = (url: string) => rawRequest(url).then(
  () => 'answered',
  (error: NodeJS.ErrnoException) => error.code,
)

describe('return listener', () => {
  it('answers GET on its one address with the page, under a strict policy', async () => {
    const { listener, url, visits } = await listen(async () => ({ kind: 'complete' }))
    expect(url.protocol).toBe('http:')
    expect(url.hostname).toBe('127.0.0.1')
    expect(Number(url.port)).toBeGreaterThan(0)
    // 32 random bytes in base64url, and nothing else in the path.
    expect(url.pathname).toMatch(/^\/[A-Za-z0-9_-]{43}$/)

    const res = await rawRequest(listener.url)
    expect(res.status).toBe(200)
    expect(visits()).toBe(1)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.body).toContain('<h1>This sign-in is complete; you can close this tab.</h1>')
    expect(res.body).not.toMatch(/<script|\son\w+=|<img|<link|<form/i)
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; /)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
    // The one style the policy allows is the one the page carries.
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1] ?? ''
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`)
  })

  it('gives 404 to every other path, value, method and host, and calls nothing', async () => {
    const { listener, url, visits } = await listen()
    const base = `http://${url.host}`
    const secret = url.pathname.slice(1)
    const other = secret.startsWith('A') ? `B${secret.slice(1)}` : `A${secret.slice(1)}`
    const paths = [
      '/',
      '/favicon.ico',
      `/${other}`,
      `/${secret.slice(0, -1)}`,
      `/${secret}x`,
      `/${secret}/`,
      `//${secret}`,
      `/${secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase()}`,
      `/%${secret.charCodeAt(0).toString(16)}${secret.slice(1)}`,
      `/x/../${secret}`,
      `/${'a'.repeat(5_000)}`,
    ]
    for (const path of paths) {
      const res = await rawRequest(`${base}${path}`)
      expect([path, res.status, res.body]).toEqual([path, 404, 'Not found\n'])
      expect(res.headers['content-security-policy']).toContain("default-src 'none'")
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']) {
      expect([method, (await rawRequest(listener.url, { method })).status]).toEqual([method, 404])
    }
    // The right path under another name: a page that rebinds its own host name to 127.0.0.1.
    for (const host of [`localhost:${url.port}`, `evil.example:${url.port}`, '127.0.0.1', `127.0.0.1:${Number(url.port) + 1}`]) {
      expect([host, (await rawRequest(listener.url, { host })).status]).toEqual([host, 404])
    }
    expect(visits()).toBe(0)
    // And the real address still works afterwards.
    expect((await rawRequest(listener.url)).status).toBe(200)
    expect(visits()).toBe(1)
  })

  it('listens on 127.0.0.1 only: neither another loopback address nor ::1 reaches it', async () => {
    const { url } = await listen()
    expect(await refused(`http://127.0.0.2:${url.port}${url.pathname}`)).toBe('ECONNREFUSED')
    expect(['ECONNREFUSED', 'EADDRNOTAVAIL']).toContain(await refused(`http://[::1]:${url.port}${url.pathname}`))
  })

  it('makes a fresh port and value each time', async () => {
    const a = await listen()
    const b = await listen()
    expect(b.url.port).not.toBe(a.url.port)
    expect(b.url.pathname).not.toBe(a.url.pathname)
    // One listener's value opens nothing at the other.
    expect((await rawRequest(`http://${b.url.host}${a.url.pathname}`)).status).toBe(404)
  })

  it('once closed, nothing answers; an answer already under way is still sent', async () => {
    let release: (answer: ReturnAnswer) => void = () => undefined
    const { listener, visits } = await listen(() => new Promise((resolve) => (release = resolve)))
    const pending = rawRequest(listener.url)
    await expect.poll(visits).toBe(1)
    listener.close()
    expect(await refused(listener.url)).toBe('ECONNREFUSED')
    release({ kind: 'ended' })
    const res = await pending
    expect(res.status).toBe(200)
    expect(res.body).toContain('This sign-in is over.')
  })

  it('closes a connection that sends its headers too slowly within seconds, not after half a minute', async () => {
    const { url, visits } = await listen()
    const socket = connect(Number(url.port), '127.0.0.1')
    socket.on('error', () => undefined)
    const closed = new Promise<'closed'>((resolve) => socket.once('close', () => resolve('closed')))
    // A request begun and never finished: a header every so often, never the blank line.
    socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n`)
    const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 500)
    // headersTimeout is 5 s; with Node's default check every 30 s, it would still be open at 20 s.
    let deadline: NodeJS.Timeout | undefined
    const late = new Promise<'still open'>((resolve) => {
      deadline = setTimeout(() => resolve('still open'), 20_000)
    })
    try {
      expect(await Promise.race([closed, late])).toBe('closed')
    } finally {
      clearInterval(drip)
      clearTimeout(deadline)
      socket.destroy()
    }
    expect(visits()).toBe(0)
  }, 30_000)

  it('answers "over" when working out the answer failed', async () => {
    const { listener } = await listen(() => Promise.reject(new Error('boom')))
    const res = await rawRequest(listener.url)
    expect(res.status).toBe(200)
    expect(res.body).toContain('This sign-in is over.')
    expect(res.body).not.toContain('boom')
  })
})

describe('return page', () => {
  it('names no one: every answer is the same fixed text, whoever asks', () => {
    const complete = returnPage({ kind: 'complete' })
    expect(complete.body).toContain('This sign-in is complete; you can close this tab.')
    expect(complete.body).not.toMatch(/signed in (to Plexkey )?as|<bdi|<script|<img/i)
  })

  it('says "not yet" and "over" in words, with the same headers', () => {
    const notYet = returnPage({ kind: 'not-yet' })
    expect(notYet.body).toContain('Plex has not confirmed the sign-in yet.')
    expect(notYet.body).toContain('Plexkey keeps checking')
    expect(returnPage({ kind: 'ended' }).body).toContain('This sign-in is over.')
    expect(notYet.headers).toEqual(returnPage({ kind: 'ended' }).headers)
  })
})
