import { afterEach, describe, expect, it } from 'vitest'
import { fail } from '../../main/core/result'
import type { SignInPolicyOverrides } from '../../main/core/signin/create-signin-service'
import type { ListenForReturn } from '../../main/core/signin/return-listener'
import { createMemoryVault } from '../support/memory-vault'
import { quickPinPolicy } from '../support/quick-pin-policy'
import { rawRequest } from '../support/raw-http'
import { forwardUrlOf, RETURN_ADDRESS } from '../support/return-address'
import { type SigninFixture, startSigninFixture, until } from '../support/signin-fixture'
import { watchService, type WatchedService } from '../support/watched-service'

// The browser way with its return page, end to end in the core: the real sign-in service and
// plex.tv client over real HTTP against the fake plex.tv, the return page over a real socket.

/** Polls every 40 ms unarmed; armed, only once a minute, so within a test only a visit can notice an approval. */
const calm: SignInPolicyOverrides = {
  pin: { ...quickPinPolicy, returnPollIntervalMs: 60_000 },
  healthCheckIntervalMs: 0,
}

let fx: SigninFixture
let h: WatchedService

async function begin(
  policy: SignInPolicyOverrides = calm,
  fake: Parameters<typeof startSigninFixture>[0] = {},
  listenForReturn?: ListenForReturn,
) {
  fx = await startSigninFixture(fake)
  h = watchService(fx, createMemoryVault(), { policy, ...(listenForReturn ? { listenForReturn } : {}) })
  expect(h.svc.start('browser').ok).toBe(true)
  await h.reach((s) => s.kind === 'waiting' && s.pins.length === 1, 'a browser PIN')
  const pin = h.svc.pin('browser')
  if (!pin) throw new Error('no PIN')
  return pin
}

afterEach(async () => {
  h?.svc.dispose()
  await fx?.close()
})

/**
 * Arms the return page and waits for the slower pace to be in effect (a poll scheduled past
 * `slowerThanMs`; null: no wait).
 */
async function arm(slowerThanMs: number | null = 30_000): Promise<string> {
  const address = await h.svc.browserAddress()
  const back = address && forwardUrlOf(address)
  if (!back) throw new Error(`no return address in ${address}`)
  if (slowerThanMs !== null) await until(() => fx.clock.delays.some((ms) => ms > slowerThanMs), 'the calmer pace')
  return back
}

/** Visits the return page has logged so far. */
const visits = () => fx.logLines.filter((line) => line.includes('browser returned from the sign-in page')).length

const polls = () => fx.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/pins/')).length
const reached = (url: string) => rawRequest(url).then(
  (res) => res.status,
  (error: NodeJS.ErrnoException) => error.code,
)

describe('the browser way with a return page', () => {
  it('opens the hosted page with a one-time return on 127.0.0.1; the address shown stays plain', async () => {
    const pin = await begin()
    const address = await h.svc.browserAddress()
    if (!address) throw new Error('no address')
    expect(forwardUrlOf(address)).toMatch(RETURN_ADDRESS)
    const back = new URL(forwardUrlOf(address) ?? '')
    // The page opened is the shown one plus forwardUrl, percent-encoded in the fragment.
    expect(address).toBe(`${pin.url.replace(/(&code=[^&]+)/, `$1&forwardUrl=${encodeURIComponent(back.href)}`)}`)
    expect(forwardUrlOf(pin.url)).toBeNull()
    // One listener per sign-in: asking again gives the same return.
    expect(forwardUrlOf((await h.svc.browserAddress()) ?? '')).toBe(back.href)
    // The secret reaches neither the window's state nor the log.
    expect(JSON.stringify(h.snapshots)).not.toContain(back.pathname.slice(1))
    expect(fx.logLines.join('\n')).not.toContain(back.pathname.slice(1))
  })

  it('a visit after approval polls at once and says the sign-in is complete, naming no one; the token shows nowhere', async () => {
    const username = '<b>J</b>"doe" & ジェーン'
    const pin = await begin()
    const back = await arm()
    const token = fx.fake.approve(pin.pinId, { username })
    const before = polls()
    const page = await rawRequest(back)
    expect(polls()).toBe(before + 1)
    expect(page.status).toBe(200)
    expect(page.body).toContain('This sign-in is complete; you can close this tab.')
    expect(page.body).not.toContain('ジェーン')
    expect(h.state()).toMatchObject({ kind: 'signed-in', account: { username } })
    expect(h.vault.activeKey).not.toBeNull()
    for (const text of [page.body, JSON.stringify(page.headers), back, fx.logLines.join('\n'), JSON.stringify(h.snapshots)]) {
      expect(text).not.toContain(token)
    }
    expect(fx.logLines.join('\n')).not.toContain(new URL(back).pathname.slice(1))
    // That first visit may have been anyone's: the page goes on answering, the same, asking nothing.
    const again = await rawRequest(back)
    expect(again.body).toBe(page.body)
    expect(polls()).toBe(before + 1)
  })

  it('a forged visit changes nothing; an early one polls once, says "not yet", and signs no one in', async () => {
    const pin = await begin()
    const back = await arm()
    const url = new URL(back)
    const before = polls()
    for (const forged of [`${url.origin}/`, `${url.origin}${url.pathname}x`, `${url.origin}/${'A'.repeat(43)}`]) {
      expect(await reached(forged)).toBe(404)
    }
    expect((await rawRequest(back, { method: 'POST' })).status).toBe(404)
    expect((await rawRequest(back, { host: `plexkey.example:${url.port}` })).status).toBe(404)
    expect(polls()).toBe(before)
    expect(h.state().kind).toBe('waiting')

    const early = await rawRequest(back)
    expect(early.body).toContain('Plex has not confirmed the sign-in yet.')
    // Nothing about the sign-in: no code, no client id, no account.
    for (const detail of [pin.code, fx.identity.clientId, 'plexkey-tester']) expect(early.body).not.toContain(detail)
    expect(polls()).toBe(before + 1)
    expect(h.state().kind).toBe('waiting')
    expect(h.vault.activeKey).toBeNull()

    // The browser came back: polling is at its usual pace again, and notices the approval alone.
    fx.fake.approve(pin.pinId)
    await h.reach((s) => s.kind === 'signed-in', 'signed in by polling')
  })

  it('a second visit adds no poll of its own: it waits for the next regular one', async () => {
    const pin = await begin({ ...calm, pin: { ...calm.pin, pollIntervalMs: 60_000 } })
    const back = await arm()
    expect((await rawRequest(back)).body).toContain('not confirmed')
    const before = polls()
    const second = rawRequest(back)
    let answered = false
    void second.then(() => (answered = true))
    await until(() => visits() === 2, 'the second visit')
    // No poll is due for a minute, so the second visit is still waiting on it, and sent none.
    expect(polls()).toBe(before)
    expect(answered).toBe(false)
    h.svc.cancel()
    expect((await second).body).toContain('This sign-in is over.')
    expect(fx.fake.pins().find((p) => p.id === pin.pinId)?.authToken ?? null).toBeNull()
  })

  it('polls at the calmer pace while armed, and at the usual one when the browser did not open', async () => {
    await begin({ pin: { ...quickPinPolicy, returnPollIntervalMs: 400 }, healthCheckIntervalMs: 0 })
    // Unarmed (a printed address, a code on another device): every 40 ms as before.
    await until(() => fx.clock.delays.length >= 3, 'a few polls')
    expect(Math.max(...fx.clock.delays)).toBeLessThanOrEqual(40)
    const back = await h.svc.browserAddress()
    await until(() => fx.clock.delays.some((ms) => ms > 300), 'the calmer pace')
    expect(Math.max(...fx.clock.delays)).toBeLessThanOrEqual(400)

    const seen = fx.clock.delays.length
    h.svc.browserNotOpened()
    expect(await reached(forwardUrlOf(back ?? '') ?? '')).toBe('ECONNREFUSED')
    await until(() => fx.clock.delays.length >= seen + 3, 'polls at the usual pace')
    expect(Math.max(...fx.clock.delays.slice(seen))).toBeLessThanOrEqual(40)
  })
})

describe('when nothing can listen on 127.0.0.1', () => {
  it('opens the plain hosted page, with no forwardUrl, and polls at the usual pace', async () => {
    let tries = 0
    const refused: ListenForReturn = async () => {
      tries += 1
      return fail('network', "Could not listen for the browser's return: listen EACCES: permission denied 127.0.0.1", true)
    }
    const pin = await begin(calm, {}, refused)
    const address = await h.svc.browserAddress()
    expect(address).toBe(pin.url)
    expect(forwardUrlOf(address ?? '')).toBeNull()
    expect(fx.logLines.join('\n')).toContain('no return page; polling alone will notice the approval')

    // Not the calmer pace of an armed page (a minute): every 40 ms, as if none had been tried.
    const seen = fx.clock.delays.length
    await until(() => fx.clock.delays.length >= seen + 3, 'polls at the usual pace')
    expect(Math.max(...fx.clock.delays.slice(seen))).toBeLessThanOrEqual(40)
    // Opened again: the same plain page, and no second listener tried for the same sign-in.
    expect(await h.svc.browserAddress()).toBe(pin.url)
    expect(tries).toBe(1)

    fx.fake.approve(pin.pinId)
    await h.reach((s) => s.kind === 'signed-in', 'signed in by polling')
  })
})

describe('the return page never outlives its sign-in', () => {
  async function armed(
    policy: SignInPolicyOverrides = calm,
    fake: Parameters<typeof startSigninFixture>[0] = {},
    slowerThanMs?: number | null,
  ) {
    const pin = await begin(policy, fake)
    const back = await arm(slowerThanMs)
    // Listening (a 404 for another path proves it without counting as a visit).
    expect(await reached(`${new URL(back).origin}/`)).toBe(404)
    return { pin, back }
  }

  it('closes when the sign-in is cancelled', async () => {
    const { back } = await armed()
    h.svc.cancel()
    expect(await reached(back)).toBe('ECONNREFUSED')
  })

  // plex.tv approves before Plex's page sends the browser back: a poll can see it first.
  const lingerMs = 45_000
  const polledFirst: SignInPolicyOverrides = { ...calm, pin: { ...calm.pin, returnPollIntervalMs: 200 }, returnLingerMs: lingerMs }
  const lingerTimerSet = () => until(() => fx.clock.scheduled.some((timer) => timer.ms === lingerMs), "the return page's last wait")

  it('signed in by polling first: every visit is told the sign-in is complete until the time is up, then the page closes', async () => {
    const { pin, back } = await armed(polledFirst, {}, 100)
    fx.fake.approve(pin.pinId, { username: 'late-browser' })
    await h.reach((s) => s.kind === 'signed-in', 'signed in')
    await lingerTimerSet()
    const before = polls()
    // Another local user who read the address may come first; the browser still finds the page.
    for (let visit = 0; visit < 3; visit++) {
      const page = await rawRequest(back)
      expect(page.body).toContain('This sign-in is complete; you can close this tab.')
      expect(page.body).not.toContain('late-browser')
    }
    // The token was saved already: the visits asked plex.tv nothing.
    expect(polls()).toBe(before)
    fx.clock.advance(lingerMs)
    expect(await reached(back)).toBe('ECONNREFUSED')
    expect(fx.clock.pending()).toBe(0)
  })

  it('signed in by polling with no browser coming back: the page closes when its time is up', async () => {
    const { pin, back } = await armed(polledFirst, {}, 100)
    fx.fake.approve(pin.pinId)
    await h.reach((s) => s.kind === 'signed-in', 'signed in')
    await lingerTimerSet()
    fx.clock.advance(lingerMs / 2)
    expect(await reached(`${new URL(back).origin}/`)).toBe(404)
    fx.clock.advance(lingerMs / 2)
    expect(await reached(back)).toBe('ECONNREFUSED')
  })

  it('approved but the keychain refuses the token: the page closes at once, with nothing to wait for', async () => {
    const { pin, back } = await armed(polledFirst, {}, 100)
    h.vault.failSave = true
    fx.fake.approve(pin.pinId)
    await h.reach((s) => s.kind === 'error', 'the failed save')
    await h.svc.settled()
    expect(await reached(back)).toBe('ECONNREFUSED')
    expect(fx.clock.scheduled.some((timer) => timer.ms === lingerMs)).toBe(false)
  })

  it('signed in by polling, then shut down: the page waiting for a browser closes at once', async () => {
    const { pin, back } = await armed(polledFirst, {}, 100)
    fx.fake.approve(pin.pinId)
    await h.reach((s) => s.kind === 'signed-in', 'signed in')
    await lingerTimerSet()
    h.svc.dispose()
    expect(await reached(back)).toBe('ECONNREFUSED')
    expect(fx.clock.pending()).toBe(0)
  })

  it('closes when the code expires for the last time', async () => {
    const { back } = await armed(
      { ...calm, pin: { ...calm.pin, maxRenewals: 0, renewBeforeMs: 0 } },
      { strongSec: 1 },
      // A one-second code may have little life left by now: the pace is not what this is about.
      null,
    )
    await h.reach((s) => s.kind === 'signed-out', 'expired')
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'expired' })
    expect(await reached(back)).toBe('ECONNREFUSED')
  })

  it('closes when the sign-in fails', async () => {
    const { back } = await armed()
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, status: 400, plexCode: 1000 })
    // The visit's own poll meets the failure, and the page says the sign-in is over.
    expect((await rawRequest(back)).body).toContain('This sign-in is over.')
    await h.reach((s) => s.kind === 'error', 'failed')
    expect(await reached(back)).toBe('ECONNREFUSED')
  })

  it('closes when the service is shut down', async () => {
    const { back } = await armed()
    h.svc.dispose()
    expect(await reached(back)).toBe('ECONNREFUSED')
  })
})
