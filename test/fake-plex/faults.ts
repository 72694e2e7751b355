import type { FakeRequest } from './http-io'
import { replyError, send } from './http-io'
import type { FaultRule } from './types'

interface ActiveRule {
  readonly rule: FaultRule
  remaining: number
}

/** The injected faults, applied oldest first; a rule with `times` retires once used up. */
export class FaultList {
  private rules: ActiveRule[] = []

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Infinity })
  }

  clear(): void {
    this.rules = []
  }

  take(method: string, path: string): FaultRule | undefined {
    const active = this.rules.find(({ rule }) => matches(rule, method, path))
    if (!active) return undefined
    active.remaining--
    if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active)
    return active.rule
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false
  if (rule.path instanceof RegExp) return rule.path.test(path)
  if (typeof rule.path === 'string') return path === rule.path || path.startsWith(rule.path.replace(/\/?$/, '/'))
  return true
}

/** Cancellable sleep, so closing the fake never waits for an injected delay. */
export function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      resolve()
    }, ms)
    timers.add(timer)
  })
}

/** Streams a syntactically valid JSON body of about `bytes` bytes, without Content-Length. */
function streamOversized(r: FakeRequest, bytes: number): void {
  const res = r.res
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
  const piece = 'x'.repeat(64 * 1024)
  let left = Math.max(0, bytes - 16)
  res.write('{"padding":"')
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const part = piece.slice(0, Math.min(piece.length, left))
      left -= part.length
      if (!res.write(part)) {
        res.once('drain', pump)
        return
      }
    }
    if (!res.destroyed) res.end('"}')
  }
  // A client that stops reading closes the socket; stop writing then.
  res.on('close', () => res.removeAllListeners('drain'))
  pump()
}

/** Acts out a fault. Returns true when the request has been answered (or dropped). */
export async function applyFault(rule: FaultRule, r: FakeRequest, timers: Set<NodeJS.Timeout>): Promise<boolean> {
  if (rule.holdUntil) await rule.holdUntil
  if (rule.delayMs) await sleep(rule.delayMs, timers)
  if (r.res.destroyed || r.req.socket.destroyed) return true
  if (rule.drop) {
    r.req.socket.destroy()
    return true
  }
  if (rule.malformed) {
    send(r.res, 200, '{"id": 1272322473, "code": "3patfx1a78uk', 'application/json; charset=utf-8', rule.headers)
    return true
  }
  if (rule.oversizedBytes !== undefined) {
    streamOversized(r, rule.oversizedBytes)
    return true
  }
  if (rule.stallBody) {
    r.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
    r.res.write('{"id": 1272322473, ')
    return true
  }
  if (rule.status === undefined) return false
  const headers: Record<string, string> = { ...rule.headers }
  if (rule.retryAfter !== undefined) headers['Retry-After'] = rule.retryAfter
  if (rule.body !== undefined) {
    const type = rule.contentType ?? (rule.body.trimStart().startsWith('<') ? 'application/xml' : 'application/json')
    send(r.res, rule.status, rule.body, type, headers)
  } else if (rule.status >= 400) {
    const code = rule.plexCode ?? (rule.status === 429 ? 1003 : rule.status === 401 ? 1001 : undefined)
    replyError(r, rule.status, code, undefined, headers)
  } else {
    r.res.writeHead(rule.status, { ...headers, 'Content-Length': 0 }).end()
  }
  return true
}
