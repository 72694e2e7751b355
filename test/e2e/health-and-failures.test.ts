import { describe, expect, it } from 'vitest'
import { keychainFailure } from '../support/memory-vault'
import { chromiumApps } from './app-harness'
import { gate } from '../support/gate'
import { approveInSystemBrowser, captureClean, expectClean, screen, shownCode, signInWithCode, status } from './app-steps'

const apps = chromiumApps()

describe('token health and failures in real Chromium', () => {
  it('a token revoked while signed in: plex.tv refuses it, and one click re-authenticates', async () => {
    const app = await apps.start()
    const { page } = app
    const token = await signInWithCode(app)
    await captureClean(app, 'signed-in-ok')

    await app.control.revoke(token)
    // plex.tv answers only once the test has seen the check in progress.
    const answer = gate()
    app.fake.fault({ path: '/api/v2/user', holdUntil: answer.opened, times: 1 })
    await page.getByRole('button', { name: 'Check now' }).click()
    await status(page, 'Checking with plex.tv…').waitFor()
    await captureClean(app, 'signed-in-checking')
    answer.open()

    await screen(page, 'Sign in to Plex')
    await page.getByText('Plex no longer accepts this sign-in: it was revoked, or your password changed.', { exact: false }).waitFor()
    await captureClean(app, 'signed-out-token-rejected')

    await page.getByRole('button', { name: 'Sign in again' }).click()
    // One click: main opens the hosted page through its safe opener; "Open browser again" opens
    // the same page once more, and the person approves it there.
    await expect.poll(() => app.opened.length).toBe(1)
    await page.getByRole('button', { name: 'Open browser again' }).click()
    await expect.poll(() => app.opened.length).toBe(2)
    const [first, again] = app.opened
    expect(first?.startsWith(`${app.fake.authUrl}#?`)).toBe(true)
    expect(again).toBe(first)
    await approveInSystemBrowser(app, first ?? '')
    await screen(page, 'Signed in to Plex')
    await expectClean(app)
  })

  it('plex.tv down while starting: the offline message, then recovery with Try again', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', drop: true })
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    await screen(page, "Can't reach plex.tv")
    await page.getByText('You seem to be offline, or plex.tv is down.', { exact: false }).waitFor()
    await captureClean(app, 'error-offline')

    app.fake.clearFaults()
    await page.getByRole('button', { name: 'Try again' }).click()
    const code = await shownCode(page)
    await app.control.approve(code)
    await screen(page, 'Signed in to Plex')
    await expectClean(app)
  })

  it('plex.tv down while signed in: "can\'t reach" keeps the sign-in, and Check now recovers', async () => {
    const app = await apps.start()
    const { page } = app
    await signInWithCode(app)
    app.fake.fault({ path: '/api/v2/user', drop: true })
    await page.getByRole('button', { name: 'Check now' }).click()
    await status(page, "Can't reach plex.tv right now. You're still signed in.").waitFor()
    // The harness retries health checks after a minute: the row says so, beside the last success.
    await page.getByText(/^Last accepted just now; next try in (under a minute|1 minute)\.$/).waitFor()
    await captureClean(app, 'signed-in-unreachable')
    expect(app.vault.activeKey).not.toBeNull()

    app.fake.clearFaults()
    await page.getByRole('button', { name: 'Check now' }).click()
    await page.locator('.health').filter({ hasText: 'plex.tv accepts your sign-in.' }).waitFor()
    await expectClean(app)
  })

  it('plex.tv rate-limits the polling: the window says when it tries again, then carries on', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    const code = await shownCode(page)
    app.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 429, retryAfter: '3' })
    await page.getByText(/^plex\.tv is busy; trying again in \d s\.$/).waitFor()
    await captureClean(app, 'waiting-retry')

    app.fake.clearFaults()
    await app.control.approve(code)
    await screen(page, 'Signed in to Plex')
    await expectClean(app)
  })

  it('plex.tv cannot create the first code: no code yet, counting down to the next try, then the code', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    // The first try gets a 503 asking for 3 s; the next is held at the fake while the test looks.
    const next = gate()
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 503, retryAfter: '3', times: 1 })
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', holdUntil: next.opened, times: 1 })
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    const notice = page.getByText(/^No sign-in code yet\. plex\.tv sent an error; trying again in \d s\.$/)
    const seconds = async () => Number(/in (\d) s/.exec((await notice.textContent()) ?? '')?.[1])
    const first = await seconds()
    await expect.poll(seconds).toBeLessThan(first)
    await status(page, 'No sign-in code yet. plex.tv sent an error; Plexkey will try again shortly.').waitFor({ state: 'attached' })
    await captureClean(app, 'starting-retry')

    next.open()
    const code = await shownCode(page)
    await expect.poll(() => page.getByText(/No sign-in code yet/).count()).toBe(0)
    await app.control.approve(code)
    await screen(page, 'Signed in to Plex')
    await expectClean(app)
  })

  it('plex.tv answers nonsense: an unexpected-response message, then Try again', async () => {
    const app = await apps.start()
    const { page } = app
    await screen(page, 'Sign in to Plex')
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', malformed: true })
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    await screen(page, 'Something unexpected happened')
    await page.getByText("plex.tv sent an answer Plexkey didn't expect.", { exact: false }).waitFor()
    await captureClean(app, 'error-unexpected')

    app.fake.clearFaults()
    await page.getByRole('button', { name: 'Try again' }).click()
    await shownCode(page)
    await expectClean(app)
  })

  it('plex.tv keeps rate-limiting the start: says so plainly, counts down its Retry-After, then Try again', async () => {
    // Retry-After honoured up to 5 minutes, as in production, so the last 429's 90 s reach the window.
    const backoff = { baseMs: 200, capMs: 600, minMs: 200, maxRetryAfterMs: 5 * 60_000 }
    const app = await apps.start({ policy: { pin: { backoff } } })
    const { page } = app
    await screen(page, 'Sign in to Plex')
    // Two quick refusals (retried within the policy's three), then one asking for 90 s: the last word.
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 429, times: 2 })
    app.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 429, retryAfter: '90' })
    await page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
    await screen(page, 'plex.tv asked Plexkey to slow down')
    // "Try again" waits out the 90 s plex.tv asked for, saying how long is left.
    const wait = page.getByRole('button', { name: /^You can try again in 1:(2\d|30)$/ })
    await wait.waitFor()
    expect(await wait.isDisabled()).toBe(true)
    await captureClean(app, 'error-rate-limited')

    app.fake.clearFaults()
    // The window's own clock moved past the wait: the button is pressable, and presses.
    await page.clock.install()
    await page.clock.fastForward('01:35')
    await page.getByRole('button', { name: 'Try again' }).click()
    await shownCode(page)
    await expectClean(app)
  })

  it("no keychain: says main's own words on what to fix, then Try again reads it once it is back", async () => {
    const app = await apps.start({ before: ({ vault }) => (vault.failLoad = true) })
    const { page } = app
    await screen(page, "Plexkey can't use the keychain")
    await page.getByText(keychainFailure.message).waitFor()
    await captureClean(app, 'error-keychain')
    app.vault.failLoad = false
    await page.getByRole('button', { name: 'Try again' }).click()
    await screen(page, 'Sign in to Plex')
    expect(app.opened).toEqual([])
    await expectClean(app)
  })

  it('signs out after confirming in an accessible dialog', async () => {
    const app = await apps.start()
    const { page } = app
    await signInWithCode(app)
    // Sign out… sits in the account menu: Enter opens it on its first item, Enter chooses it.
    await page.getByRole('button', { name: 'Account', exact: true }).focus()
    await page.keyboard.press('Enter')
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Sign out…')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Sign out of Plex?' })
    await dialog.waitFor()
    await captureClean(app, 'sign-out-dialog')
    // Focus starts on Cancel and Escape leaves everything as it was.
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Cancel')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate<string>("document.activeElement.getAttribute('aria-label')")).toBe('Account')

    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await screen(page, 'Sign in to Plex')
    await page.getByText('You signed out. Your Plex token was removed from the keychain.').waitFor()
    expect(app.vault.activeKey).toBeNull()
    await captureClean(app, 'signed-out-after-sign-out')
    await expectClean(app)
  })
})

describe('the token check itself', () => {
  it('finds a token that reaches the page, so its silence elsewhere means something', async () => {
    const app = await apps.start()
    const token = await signInWithCode(app)
    expect(await app.leaks()).toEqual([])
    await app.page.evaluate(`console.log('debug', ${JSON.stringify(token)})`)
    await app.page.evaluate(`document.body.append(${JSON.stringify(token)})`)
    await expect.poll(() => app.leaks()).toEqual(['token found in dom', 'token found in console'])
  })
})
