import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBrowserSignIn } from '../../main/app/browser-sign-in'
import { createReauthenticate } from '../../main/app/reauthenticate'
import { okVoid } from '../../main/core/result'
import { gate } from '../support/gate'
import { type IpcHarness, startIpcHarness } from '../support/shell-harness'
import { until } from '../support/signin-fixture'
import { forwardUrlOf, RETURN_ADDRESS, withoutForwardUrl } from '../support/return-address'

let h: IpcHarness
let opened: string[]
let reveals: number
/** The sign-in state each time the window was shown. */
let revealedIn: string[]
let reauthenticate: () => void
beforeEach(async () => {
  h = await startIpcHarness()
  opened = []
  reveals = 0
  const startBrowserSignIn = createBrowserSignIn({
    service: h.service,
    openExternal: async (url) => {
      opened.push(url)
      return okVoid
    },
  })
  revealedIn = []
  reauthenticate = createReauthenticate({
    startBrowserSignIn,
    reveal: () => {
      reveals += 1
      revealedIn.push(h.state().kind)
    },
  })
})
afterEach(async () => {
  await h.close()
})

describe('one-click re-authentication', () => {
  it('shows the window, starts a browser sign-in and opens its page once plex.tv has issued the PIN', async () => {
    await h.service.restore()
    reauthenticate()
    expect(reveals).toBe(1)
    // The sign-in had begun when the window showed (showing it may set off a keychain read).
    expect(revealedIn).toEqual(['starting'])
    await until(() => opened.length === 1, 'the page to open')
    // The live PIN's page, with this machine's return page to come back to.
    expect(withoutForwardUrl(opened[0] ?? '')).toBe(h.service.pin('browser')?.url)
    expect(forwardUrlOf(opened[0] ?? '')).toMatch(RETURN_ADDRESS)
    expect(opened[0]?.startsWith(h.fx.fake.authUrl)).toBe(true)
  })

  it('a second click while the PIN is live opens the same page again, without a new PIN', async () => {
    await h.service.restore()
    reauthenticate()
    await until(() => opened.length === 1, 'the page to open')
    const pins = h.fx.fake.pins().length
    reauthenticate()
    await until(() => opened.length === 2, 'the page to open again')
    expect(opened).toEqual([opened[0], opened[0]])
    expect(h.fx.fake.pins()).toHaveLength(pins)
  })

  it('two clicks before plex.tv has answered open one page, not two', async () => {
    await h.service.restore()
    reauthenticate()
    reauthenticate()
    await until(() => opened.length >= 1, 'the page to open')
    // The second click made no PIN of its own (it returned at once), so no other page can open.
    expect(opened).toHaveLength(1)
    expect(h.fx.fake.pins()).toHaveLength(1)
  })

  it('after the browser way fails to start beside a code, the next click starts it again and opens its page', async () => {
    await h.service.restore()
    expect(h.service.start('link').ok).toBe(true)
    await h.reach((s) => s.kind === 'waiting' && s.pins.some((p) => p.mode === 'link'), 'a code')
    h.fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, times: 1 })
    reauthenticate()
    const failed = await h.reach((s) => s.kind === 'waiting' && s.failed.length > 0, 'the browser failure')
    expect(failed).toMatchObject({ starting: [], failed: [{ mode: 'browser', error: { code: 'plex-error', status: 400 } }] })
    expect(opened).toEqual([])

    // Nothing is left waiting for the failed attempt: this click makes a new PIN and opens it.
    reauthenticate()
    await until(() => opened.length === 1, 'the page to open')
    expect(withoutForwardUrl(opened[0] ?? '')).toBe(h.service.pin('browser')?.url)
    expect(h.state()).toMatchObject({ kind: 'waiting', failed: [] })
  })

  it('a click after a cancelled start makes a new PIN and opens its page', async () => {
    await h.service.restore()
    const held = gate()
    h.fx.fake.fault({ path: '/api/v2/pins', method: 'POST', holdUntil: held.opened, times: 1 })
    const posts = () => h.fx.fake.requests.filter((r) => r.path === '/api/v2/pins' && r.method === 'POST')
    reauthenticate()
    // Cancelled while plex.tv holds its PIN request, which it answers only afterwards.
    await until(() => posts().length === 1, 'the first PIN request to reach plex.tv')
    expect(h.service.cancel().ok).toBe(true)
    held.open()
    reauthenticate()
    await until(() => opened.length === 1, 'the page to open')
    expect(opened.map(withoutForwardUrl)).toEqual([h.service.pin('browser')?.url])
    // Nothing is left listening for the cancelled start: a later change that shows the browser PIN
    // (a code added beside it) opens nothing more.
    expect(h.service.start('link').ok).toBe(true)
    await h.reach((s) => s.kind === 'waiting' && s.pins.length === 2, 'the code beside the browser PIN')
    expect(opened).toHaveLength(1)
  })

  it('opens nothing when the sign-in fails before a PIN exists', async () => {
    await h.service.restore()
    h.fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 500 })
    reauthenticate()
    // The failure ends the attempt for good: the state is final, nothing is left to open a page.
    expect(await h.reach((s) => s.kind !== 'starting' && s.kind !== 'signed-out', 'the attempt to end')).toMatchObject({
      kind: 'error',
    })
    expect(h.service.pin('browser')).toBeUndefined()
    expect(opened).toEqual([])
  })
})
