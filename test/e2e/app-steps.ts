import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { decodeQrPixels } from '../support/qr-decode'
import type { AppHarness } from './app-harness'
import { blocking } from './app-harness'
import { unreviewed } from './axe-baseline'

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
 * The text of the QR code on screen, read from a screenshot of it the way a phone's camera would.
 * The pixels are taken out of the PNG in a blank page of the same browser, away from the app's CSP.
 */
export async function readQrCode(page: Page): Promise<string | null> {
  const png = await page.getByRole('img', { name: /QR code/ }).screenshot()
  const blank = await page.context().newPage()
  try {
    const { width, height, data } = await blank.evaluate<{ width: number; height: number; data: number[] }>(`(async () => {
      const image = new Image()
      image.src = 'data:image/png;base64,${png.toString('base64')}'
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const context = canvas.getContext('2d')
      context.drawImage(image, 0, 0)
      return { width: image.width, height: image.height, data: Array.from(context.getImageData(0, 0, image.width, image.height).data) }
    })()`)
    return decodeQrPixels(new Uint8ClampedArray(data), width, height)
  } finally {
    await blank.close()
  }
}

/**
 * Screenshots and axe in both themes at the window's size and at its smallest; serious or critical
 * axe findings, anything axe could not decide that nobody reviewed (axe-baseline.ts), and anything
 * cut off, overlapping or below the fold, fail the test.
 */
export async function captureClean(app: Pick<AppHarness, 'capture'>, name: string): Promise<void> {
  const { axe, incomplete, layout } = await app.capture(name)
  expect(blocking(axe), `axe findings on ${name}`).toEqual([])
  expect(unreviewed(incomplete), `axe could not decide these on ${name}: look, then list them in axe-baseline.ts`).toEqual([])
  expect(layout, `layout of ${name}`).toEqual([])
}

/** Starts a code sign-in from the signed-out screen and approves it through the fake's control API. */
export async function signInWithCode(app: AppHarness): Promise<string> {
  await screen(app.page, 'Sign in to Plex')
  await app.page.getByRole('button', { name: 'Use a code on your phone or another computer' }).click()
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
 * The person at the system browser: the hosted page (opened with main's address) approves, then
 * sends the browser back to Plexkey's return page, which says the sign-in is complete (as whom,
 * only the window says).
 */
export async function approveInSystemBrowser(app: AppHarness, opened: string): Promise<Page> {
  const hosted = await app.systemBrowser(opened)
  await hosted.getByRole('heading', { name: 'This sign-in is complete; you can close this tab.' }).waitFor()
  return hosted
}

/**
 * Where the first line of an element's words starts, in px from the window's left edge: what the
 * eye lines up, whatever the element's own box, padding and border.
 */
export function textLeft(locator: Locator): Promise<number> {
  // Runs in the page; typed by hand, as this file is compiled without the DOM library.
  type Range = { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<{ readonly left: number }> }
  return locator.evaluate((el: unknown) => {
    const range = (el as { ownerDocument: { createRange(): Range } }).ownerDocument.createRange()
    range.selectNodeContents(el)
    const first = range.getClientRects()[0]
    if (first === undefined) throw new Error('The element has no words drawn.')
    return first.left
  })
}
