import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { AppHarness } from './app-harness'
import { blocking } from './app-harness'

/** Waits for the screen whose level-1 heading is `name`. */
export async function screen(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor()
}

/** A live region (role status) of the page showing `text`. */
export function status(page: Page, text: string) {
  return page.getByRole('status').filter({ hasText: text })
}

/** The 4-character code on screen, as screen readers hear it spelled ("Code: A, B, 7, Q"). */
export async function shownCode(page: Page): Promise<string> {
  const spelled = page.locator('.pin-code .visually-hidden')
  await spelled.waitFor({ state: 'attached' })
  return ((await spelled.textContent()) ?? '').replace(/^Code: /, '').split(', ').join('')
}

/**
 * Screenshots and axe in both themes at the window's size and at its smallest; serious or critical
 * axe findings, and anything cut off, overlapping or below the fold, fail the test.
 */
export async function captureClean(app: AppHarness, name: string): Promise<void> {
  const { axe, layout } = await app.capture(name)
  expect(blocking(axe), `axe findings on ${name}`).toEqual([])
  expect(layout, `layout of ${name}`).toEqual([])
}

/** Starts a code sign-in from the signed-out screen and approves it through the fake's control API. */
export async function signInWithCode(app: AppHarness): Promise<string> {
  await screen(app.page, 'Sign in to Plex')
  await app.page.getByRole('button', { name: 'Use a code on another device' }).click()
  const code = await shownCode(app.page)
  const token = await app.control.approve(code)
  await screen(app.page, 'Signed in to Plex')
  return token
}

/** Nothing the page saw or said carries a token, and the CSP refused nothing. */
export async function expectClean(app: AppHarness): Promise<void> {
  expect(await app.leaks()).toEqual([])
  expect(app.console.filter((line) => /Content Security Policy|pageerror/i.test(line))).toEqual([])
}

/**
 * A gate for a request held at the fake (FaultRule.holdUntil): the app shows its waiting state for
 * as long as the test looks at it, on however slow a machine, and the answer goes once released.
 */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

/**
 * The person at the system browser: the hosted page (opened with main's address) approves, then
 * sends the browser back to Plexkey's return page, which says as whom they are signed in.
 */
export async function approveInSystemBrowser(app: AppHarness, opened: string, username: string | RegExp = /.+/): Promise<Page> {
  const hosted = await app.systemBrowser(opened)
  const name = typeof username === 'string' ? `Signed in to Plexkey as ${username}.` : /^Signed in to Plexkey as .+\.$/
  await hosted.getByRole('heading', { name }).waitFor()
  return hosted
}
