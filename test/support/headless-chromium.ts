import { type Browser, chromium } from 'playwright-core'

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
