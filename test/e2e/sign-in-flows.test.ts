import { clipboard } from 'electron'
import { describe, expect, it } from 'vitest'
import { chromiumApps } from './app-harness'
import { gate } from '../support/gate'
import { forwardUrlOf, RETURN_ADDRESS, withoutForwardUrl } from '../support/return-address'
import { until } from '../support/signin-fixture'
import { approveInSystemBrowser, captureClean, expectClean, readQrCode, screen, shownCode, status, textLeft } from './app-steps'

const apps = chromiumApps()

describe('sign-in in real Chromium, against the real core and the fake plex.tv', () => {
  it('signs in with the browser: the hosted page approves, the window shows the account', async () => {
    // Polling is slowed to once in ten minutes, from the first poll on: only the browser's return
    // can sign in within this test.
    const app = await apps.start({
      fake: { user: { title: 'Jane Doe', username: 'jdoe', email: 'jane@example.com', plexPass: true } },
      policy: { pin: { pollIntervalMs: 600_000, returnPollIntervalMs: 600_000 } },
    })
    const { page } = app
    await screen(page, 'Sign in to Plex')
    await captureClean(app, 'signed-out')
    // The quiet choice lines up with the words above it, as a link in the text would.
    expect(await textLeft(page.getByRole('button', { name: 'Use a code on your phone or another computer' }))).toBe(await textLeft(page.locator('.lead')))

    await page.getByRole('button', { name: 'Sign in with Plex' }).click()
    await page.getByText('Waiting for you to approve in your browser…').waitFor()
    // No field for a link too long to use: it is copied whole, and the code is offered instead.
    await page.getByRole('button', { name: 'Use a code instead' }).waitFor()
    await page.getByRole('button', { name: 'Copy link' }).click()
    await page.locator('#app-main').getByText('Link copied.').waitFor()
    await captureClean(app, 'waiting-browser')

    // main opened that same page in the system browser, with the return page in forwardUrl.
    await expect.poll(() => app.opened.length).toBe(1)
    const opened = app.opened[0] ?? ''
    expect(opened.startsWith(`${app.fake.authUrl}#?`)).toBe(true)
    // The link copied is that page, as any browser can open it.
    expect(clipboard.readText()).toBe(withoutForwardUrl(opened))
    const back = forwardUrlOf(opened) ?? ''
    expect(back).toMatch(RETURN_ADDRESS)
    // The person approves there; Plex's page then sends the browser back to Plexkey's return page.
    const hosted = await approveInSystemBrowser(app, opened)
    expect(hosted.url()).toBe(back)
    // Whoever visits learns nothing of the account.
    expect(await hosted.getByText('jdoe').count()).toBe(0)
    // Styled like the app under its strict policy: the one hashed style applied, no script at all.
    expect(await hosted.evaluate<string>("getComputedStyle(document.querySelector('main')).borderTopWidth")).toBe('4px')
    expect(await hosted.locator('script').count()).toBe(0)
    for (const token of app.fake.tokens()) expect(await hosted.content()).not.toContain(token)
    // plex.tv was asked once about the code: by the visit.
    expect(app.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/pins/'))).toHaveLength(1)

    await screen(page, 'Signed in to Plex')
    await page.getByText('Jane Doe', { exact: true }).waitFor()
    await page.getByText('jane@example.com').waitFor()
    await page.locator('img.avatar[src^="data:image/png;base64,"]').waitFor()
    expect(await page.locator('.account .badge').textContent()).toBe('Plex Pass')
    await page.getByText('Where your sign-in is kept').click()
    await page.getByText('In your system keychain: Memory (tests).').waitFor()
    await captureClean(app, 'signed-in')
    await expectClean(app)
  })

  it('signs in with a code: shown large, copied, in a QR code, approved through the control API', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    const code = await shownCode(page)
    expect(code).toMatch(/^[A-Z0-9]{4}$/)
    expect(await page.getByText(`Code: ${code.split('').join(', ')}`).count()).toBe(1)
    // What a phone reads from the drawing: plex.tv/link with this very code.
    expect(await page.getByRole('img', { name: /QR code that opens plex.tv\/link/ }).count()).toBe(1)
    expect(await readQrCode(page)).toBe(`https://plex.tv/link/?pin=${code}`)

    await page.getByRole('button', { name: 'Copy code' }).click()
    await page.locator('#app-main').getByText('Code copied.').waitFor()
    expect(clipboard.readText()).toBe(code)
    await captureClean(app, 'waiting-code')

    await app.control.approve(code)
    await screen(page, 'Signed in to Plex')
    await page.locator('.health').filter({ hasText: 'plex.tv accepts your sign-in.' }).waitFor()
    await status(page, 'Signed in to Plex as').waitFor()
    await expectClean(app)
  })

  it('renews a code before it expires, says so, and gives up after the last renewal', async () => {
    // 60 s codes renewed 20 s before expiry: a fresh code every 40 s, twice, then the session ends.
    // Main and plex.tv jump those seconds together, between two polls.
    const app = await apps.start({ fake: { linkSec: 60 }, policy: { pin: { renewBeforeMs: 20_000, maxRenewals: 2 } } })
    const { page } = app
    const pass = async (ms: number): Promise<void> => {
      await until(() => app.clock.pending() > 0, 'a poll to be answered')
      app.clock.advance(ms)
    }
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    const first = await shownCode(page)
    await pass(41_000)
    const notice = page.getByRole('status').filter({ hasText: 'The old one was about to expire and no longer works.' })
    await notice.waitFor()
    const second = await shownCode(page)
    expect(second).not.toBe(first)
    expect(await notice.textContent()).toContain(`New code: ${second.split('').join(', ')}.`)
    // The code looks the same in the notice as in its boxes: fixed width, a zero unlike the letter O.
    const faces = await page.evaluate<string[]>(
      "Array.from(document.querySelectorAll('.pin-char, .notice .code-text'), (el) => getComputedStyle(el).fontFamily + ' / ' + getComputedStyle(el).fontVariantNumeric)",
    )
    expect(faces).toHaveLength(second.length + 1)
    expect(new Set(faces).size).toBe(1)
    expect(faces[0]).toMatch(/monospace \/ slashed-zero$/)
    await captureClean(app, 'waiting-renewed')

    await pass(41_000)
    await expect.poll(() => app.fake.pins().length).toBe(3)
    await pass(61_000)
    // The notice carries its own way on, on the first screen of the smallest window too.
    await page.getByText('The code ran out before it was used.').waitFor()
    await captureClean(app, 'signed-out-expired')
    await page.locator('.notice').getByRole('button', { name: 'Get a new code' }).click()
    await shownCode(page)
    await expectClean(app)
  })

  it('cancels both ways in at once, and plex.tv hears nothing more', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Sign in with Plex' }).click()
    await page.getByRole('button', { name: 'Open browser again' }).waitFor()
    await page.getByRole('button', { name: 'Use a code instead' }).click()
    await shownCode(page)
    await captureClean(app, 'waiting-both')

    await page.getByRole('button', { name: 'Cancel sign-in' }).click()
    await page.getByText('Sign-in cancelled.').waitFor()
    const polls = (ids: ReadonlySet<number>) =>
      app.fake.requests.filter((r) => r.method === 'GET' && ids.has(Number(/^\/api\/v2\/pins\/(\d+)$/.exec(r.path)?.[1]))).length
    const cancelled = new Set(app.fake.pins().map((pin) => pin.id))
    expect(cancelled.size).toBe(2)
    const after = polls(cancelled)
    await captureClean(app, 'signed-out-cancelled')

    // A new sign-in polls its own code: once plex.tv has heard that twice, a whole poll interval
    // has gone by since the cancel, however slow the machine, and the cancelled codes were not among them.
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    await shownCode(page)
    const fresh = new Set(app.fake.pins().flatMap((pin) => (cancelled.has(pin.id) ? [] : [pin.id])))
    expect(fresh.size).toBe(1)
    await expect.poll(() => polls(fresh), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    expect(polls(cancelled)).toBe(after)
    await expectClean(app)
  })

  it('shows the progress of a slow start, and of a slow restore', async () => {
    // plex.tv answers each only once the test has seen the progress: slow, but an answer, not a
    // failure to reach plex.tv.
    const userAnswer = gate()
    const app = await apps.start({
      stored: { accountKey: 'acct-1', username: 'jdoe', token: 'stored-token-not-known-to-plex' },
      before: ({ fake }) => fake.fault({ path: '/api/v2/user', holdUntil: userAnswer.opened, times: 1 }),
    })
    const { page } = app
    await screen(page, 'Checking your saved sign-in…')
    await captureClean(app, 'restoring')
    userAnswer.open()
    // The stored token is unknown to plex.tv: rejected, removed, and the user told why.
    await page.getByRole('button', { name: 'Sign in again' }).waitFor()
    expect(app.vault.activeKey).toBeNull()

    const pinAnswer = gate()
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', holdUntil: pinAnswer.opened, times: 1 })
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    await page.getByText('Getting a code from plex.tv…').waitFor()
    await captureClean(app, 'starting')
    pinAnswer.open()
    await shownCode(page)
    await expectClean(app)
  })
})
