import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

/** Debian's Chromium, with the flags it needs in a container and nothing phoning home. */
export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}

/**
 * One Chromium page for a whole test file, at the window's smallest size, opened before its tests
 * and closed after them. Read `page()` inside a test: it exists only once the file has started.
 */
export function usePageForFile(): () => Page {
  let browser: Browser | undefined
  let page: Page | undefined
  beforeAll(async () => {
    browser = await launchHeadlessChromium()
    page = await browser.newPage({ viewport: { width: 380, height: 520 } })
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => {
    if (page === undefined) throw new Error('The page opens before the first test of the file.')
    return page
  }
}
