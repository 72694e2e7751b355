import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PinMode, PinView, RetryNotice } from '../../preload/api'
import type { PinOutcome, PinPolicy } from '../../main/core/signin/pin-machine'
import { createPinSession, linkQrPayload, type PinEvent, type PinSession } from '../../main/core/signin/pin-session'
import { gate } from '../support/gate'
import { type SigninFixture, startSigninFixture, until } from '../support/signin-fixture'

// Every test here runs the real plex.tv client over real HTTP against the fake plex.tv, with short
// intervals so a whole sign-in takes a fraction of a second. Nothing asserts on elapsed time.
const fast: Partial<PinPolicy> = {
  pollIntervalMs: 40,
  renewBeforeMs: 300,
  maxRenewals: 3,
  maxFailures: 4,
  backoff: { baseMs: 20, capMs: 100, minMs: 10, maxRetryAfterMs: 2_000 },
}

interface Run {
  readonly session: PinSession
  readonly events: PinEvent[]
  /** Resolves with the outcome of the session's one 'done' event. */
  readonly outcome: Promise<PinOutcome>
  views(): PinView[]
  notices(): RetryNotice[]
  done(): PinOutcome | undefined
}

let fx: SigninFixture
beforeEach(async () => {
  fx = await startSigninFixture()
})
afterEach(async () => {
  await fx.close()
})

function run(mode: PinMode, policy: Partial<PinPolicy> = fast): Run {
  const events: PinEvent[] = []
  let settle: (outcome: PinOutcome) => void = () => undefined
  const outcome = new Promise<PinOutcome>((resolve) => {
    settle = resolve
  })
  const session = createPinSession({
    mode,
    plex: fx.plex,
    clock: fx.clock,
    policy,
    onEvent: (e) => {
      events.push(e)
      if (e.kind === 'done') settle(e.outcome)
    },
  })
  session.start()
  return {
    session,
    events,
    outcome,
    views: () => events.flatMap((e) => (e.kind === 'pin' ? [e.view] : [])),
    notices: () => events.flatMap((e) => (e.kind === 'retry' && e.notice ? [e.notice] : [])),
    done: () => events.flatMap((e) => (e.kind === 'done' ? [e.outcome] : []))[0],
  }
}

const pinPolls = () => fx.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/pins/'))
const pinCreates = () => fx.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins')
const userCalls = () => fx.fake.requests.filter((r) => r.path === '/api/v2/user')

async function firstView(r: Run): Promise<PinView> {
  await until(() => r.views().length > 0, 'a PIN')
  return r.views()[0] as PinView
}

describe('PinSession over HTTP', () => {
  it('signs in with a strong PIN on the hosted page', async () => {
    const r = run('browser')
    const view = await firstView(r)
    expect(view.mode).toBe('browser')
    expect(view.code).toMatch(/^[a-z0-9]{25}$/)
    expect(view.url.startsWith(`${fx.fake.authUrl}#?`)).toBe(true)
    expect(view.url).toContain(`code=${view.code}`)
    expect(view.qrPayload).toBeNull()
    expect(view.renewals).toBe(0)
    expect(view.expiresAt - Date.now()).toBeGreaterThan(25 * 60_000)

    await until(() => pinPolls().length >= 2, 'a few polls')
    const token = fx.fake.approve(view.pinId, { username: 'ann', uuid: 'ann-uuid' })
    const outcome = await r.outcome
    expect(outcome).toMatchObject({ kind: 'approved', token, user: { username: 'ann', uuid: 'ann-uuid' } })
    expect(pinCreates()[0]?.query['strong']).toBe('true')
    expect(userCalls()[0]?.headers['x-plex-token']).toBe(token)
    expect(fx.clock.pending()).toBe(0)
  })

  it('signs in with a 4-character code for plex.tv/link', async () => {
    const r = run('link')
    const view = await firstView(r)
    expect(view.code).toMatch(/^[A-Z0-9]{4}$/)
    expect(view.url).toBe(fx.plex.linkUrl)
    expect(view.qrPayload).toBe(`https://plex.tv/link/?pin=${view.code}`)
    expect(view.expiresAt - Date.now()).toBeGreaterThan(10 * 60_000)
    const token = fx.fake.approve(view.code)
    expect(await r.outcome).toMatchObject({ kind: 'approved', token })
    expect(pinCreates()[0]?.query['strong']).toBe('false')
  })

  it('sends the same client id and identity headers on create, poll and account calls', async () => {
    fx.fake.setApproveAfterPolls(3)
    const r = run('browser')
    expect((await r.outcome).kind).toBe('approved')
    const calls = [...pinCreates(), ...pinPolls(), ...userCalls()]
    expect(pinPolls().length).toBeGreaterThanOrEqual(3)
    for (const call of calls) {
      expect(call.headers).toMatchObject({
        'x-plex-client-identifier': fx.identity.clientId,
        'x-plex-product': 'Plexkey',
        'x-plex-version': fx.identity.version,
        'x-plex-platform': fx.identity.platform,
        'x-plex-platform-version': fx.identity.platformVersion,
        'x-plex-device': fx.identity.device,
        'x-plex-device-name': fx.identity.deviceName,
      })
      expect(call.headers['accept']).toContain('application/json')
    }
  })

  it('backs off on 429 without Retry-After, shows the retry, then clears it', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 429, times: 2 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('browser')
    expect((await r.outcome).kind).toBe('approved')
    expect(r.notices().map((n) => n.error.code)).toEqual(['rate-limited', 'rate-limited'])
    expect(r.notices()[0]?.error).toMatchObject({ status: 429, plexCode: 1003 })
    // The notice is withdrawn by the first good answer.
    const lastRetry = r.events.filter((e) => e.kind === 'retry').at(-1)
    expect(lastRetry).toEqual({ kind: 'retry', notice: null })
    // Jittered waits stay inside the policy's cap.
    expect(Math.max(...fx.clock.delays)).toBeLessThanOrEqual(100)
  })

  it('honours Retry-After on 429', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 429, retryAfter: '1', times: 1 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('browser')
    expect((await r.outcome).kind).toBe('approved')
    expect(r.notices()).toHaveLength(1)
    // The one wait longer than the 100 ms backoff cap is plex.tv's own second.
    const long = fx.clock.delays.filter((d) => d > 100)
    expect(long).toHaveLength(1)
    expect(long[0]).toBeGreaterThan(900)
    expect(long[0]).toBeLessThanOrEqual(1_000)
  })

  it('backs off on 5xx', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 503, times: 2 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('link')
    expect((await r.outcome).kind).toBe('approved')
    expect(r.notices().map((n) => [n.error.code, n.error.status])).toEqual([
      ['plex-error', 503],
      ['plex-error', 503],
    ])
  })

  it('retries when the connection is dropped', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', drop: true, times: 2 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('browser')
    expect((await r.outcome).kind).toBe('approved')
    expect(r.notices().map((n) => n.error.code)).toEqual(['network', 'network'])
  })

  it('retries a request that times out', async () => {
    await fx.close()
    fx = await startSigninFixture({ timeoutMs: 150 })
    // Held at plex.tv for as long as the client waits: it gives up at its deadline, then polls again.
    const held = gate()
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', holdUntil: held.opened, times: 1 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('browser')
    expect((await r.outcome).kind).toBe('approved')
    expect(r.notices().map((n) => n.error.code)).toEqual(['timeout'])
    held.open()
  })

  it('retries creating the PIN after a transient failure', async () => {
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 500, times: 1 })
    const r = run('link')
    const view = await firstView(r)
    expect(pinCreates()).toHaveLength(2)
    expect(r.notices().map((n) => n.error.status)).toEqual([500])
    fx.fake.approve(view.pinId)
    expect((await r.outcome).kind).toBe('approved')
  })

  it('survives one malformed answer, and gives up after repeated ones', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', malformed: true, times: 1 })
    fx.fake.setApproveAfterPolls(1)
    const once = run('browser')
    expect((await once.outcome).kind).toBe('approved')
    expect(once.notices().map((n) => n.error.code)).toEqual(['bad-response'])

    fx.fake.setApproveAfterPolls(undefined)
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', malformed: true })
    const before = pinPolls().length
    const always = run('browser')
    const outcome = await always.outcome
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'bad-response' } })
    expect(pinPolls().length - before).toBe(4) // maxFailures
    expect(fx.clock.pending()).toBe(0)
  })

  it('ends with the error on a persistent 4xx', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 403 })
    const r = run('browser')
    expect(await r.outcome).toMatchObject({ kind: 'failed', error: { code: 'plex-error', status: 403 } })
    expect(pinPolls()).toHaveLength(1)
  })

  it('reads the account again when the first attempt fails transiently', async () => {
    fx.fake.fault({ path: '/api/v2/user', status: 502, times: 1 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('link')
    expect((await r.outcome).kind).toBe('approved')
    expect(userCalls()).toHaveLength(2)
  })

  it('fails when the approved token is rejected', async () => {
    fx.fake.fault({ path: '/api/v2/user', status: 401 })
    fx.fake.setApproveAfterPolls(1)
    const r = run('link')
    expect(await r.outcome).toMatchObject({ kind: 'failed', error: { code: 'token-rejected' } })
  })

  it('renews the PIN shortly before it expires', async () => {
    fx.fake.setLifetimes({ linkSec: 2 })
    const r = run('link', { ...fast, renewBeforeMs: 600 })
    const first = await firstView(r)
    await until(() => r.views().length >= 2, 'a renewed PIN')
    const second = r.views()[1] as PinView
    expect(second.renewals).toBe(1)
    expect(second.pinId).not.toBe(first.pinId)
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt)
    // The old PIN was never polled after it expired (no 404/1020 was needed).
    expect(pinPolls().filter((p) => p.path.endsWith(`/${first.pinId}`)).every((p) => p.at < first.expiresAt)).toBe(true)
    expect(r.views()).toHaveLength(2)
    fx.fake.approve(second.code)
    expect((await r.outcome).kind).toBe('approved')
  })

  it('ends "expired" after the last renewal expires', async () => {
    fx.fake.setLifetimes({ strongSec: 1 })
    const r = run('browser', { ...fast, maxRenewals: 1 })
    expect(await r.outcome).toEqual({ kind: 'expired', renewals: 1 })
    expect(pinCreates()).toHaveLength(2)
    expect(r.views().map((v) => v.renewals)).toEqual([0, 1])
    expect(fx.clock.pending()).toBe(0)
  })

  it('treats 404/1020 on poll as expiry and continues with a new PIN', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 404, plexCode: 1020, times: 1 })
    const r = run('browser')
    await until(() => r.views().length >= 2, 'a replacement PIN')
    const replacement = r.views()[1] as PinView
    expect(replacement.renewals).toBe(1)
    fx.fake.approve(replacement.pinId)
    expect((await r.outcome).kind).toBe('approved')
  })

  it('sends nothing after cancel and leaves no timer behind', async () => {
    const r = run('browser')
    await firstView(r)
    await until(() => pinPolls().length >= 2, 'a few polls')
    r.session.cancel()
    expect(fx.clock.pending()).toBe(0)
    const sent = fx.fetchCalls()
    // A minute on: many poll intervals and the PIN's renewal would have fallen due.
    await fx.runOut(60_000)
    expect(fx.fetchCalls()).toBe(sent)
    expect(fx.fake.requests.length).toBeLessThanOrEqual(sent)
    expect(await r.outcome).toEqual({ kind: 'cancelled' })
    expect(r.events.filter((e) => e.kind === 'done')).toHaveLength(1)
  })

  it('drops the answer of a request in flight when cancelled, even if it carries a token', async () => {
    const r = run('link')
    const view = await firstView(r)
    const held = gate()
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', holdUntil: held.opened, times: 1 })
    const polled = pinPolls().length
    await until(() => pinPolls().length > polled, 'a poll held at plex.tv')
    fx.fake.approve(view.pinId)
    r.session.cancel()
    // plex.tv answers the held poll, with the token, only now: after the cancel.
    held.open()
    await fx.runOut(60_000)
    expect(await r.outcome).toEqual({ kind: 'cancelled' })
    expect(userCalls()).toHaveLength(0)
    expect(r.events.some((e) => e.kind === 'done' && e.outcome.kind === 'approved')).toBe(false)
    expect(fx.clock.pending()).toBe(0)
  })

  it('can be cancelled while the PIN is being created', async () => {
    const held = gate()
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', holdUntil: held.opened, times: 1 })
    const r = run('browser')
    await until(() => pinCreates().length === 1, 'the create request')
    r.session.cancel()
    held.open()
    await fx.runOut(60_000)
    expect(r.views()).toHaveLength(0)
    expect(fx.fake.requests).toHaveLength(1)
    expect(await r.outcome).toEqual({ kind: 'cancelled' })
  })

  it('never writes the token to the log', async () => {
    fx.fake.setApproveAfterPolls(1)
    const r = run('browser')
    const outcome = await r.outcome
    expect(outcome.kind).toBe('approved')
    const token = outcome.kind === 'approved' ? outcome.token : ''
    expect(fx.logLines.length).toBeGreaterThan(0)
    expect(fx.logLines.join('\n')).not.toContain(token)
  })
})

describe('linkQrPayload', () => {
  it('points at plex.tv/link with the code prefilled', () => {
    expect(linkQrPayload('https://plex.tv/link', 'AB12')).toBe('https://plex.tv/link/?pin=AB12')
    expect(linkQrPayload('https://plex.tv/link/', 'Z9Z9')).toBe('https://plex.tv/link/?pin=Z9Z9')
  })
})
