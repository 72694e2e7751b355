import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { SECOND_ACCOUNT } from '../fake-plex/home-state'
import { chromiumApps, longAccount } from './app-harness'
import type { AppHarness } from './app-harness'
import { expectClean, screen, signInWithCode } from './app-steps'

// The switcher's accounts in real Chromium against main's own handlers: the real sign-in and
// identity services over the fake plex.tv, as the app wires them (the Home profiles' PIN pad is
// driven in accounts-and-profiles.test.ts).

const apps = chromiumApps()

const switchButton = (page: Page) => page.getByRole('button', { name: 'Switch account or profile' })
const switcher = (page: Page) => page.getByRole('region', { name: 'Switch account or profile' })
const signedInAs = (app: AppHarness): string | null => {
  const state = app.service.getSnapshot().state
  return state.kind === 'signed-in' ? state.account.username : null
}

/** "Add another account" in the switcher: the usual sign-in screen, with the way back to the active account. */
async function addAnother(app: AppHarness): Promise<void> {
  await switchButton(app.page).click()
  await switcher(app.page).getByRole('button', { name: 'Add another account' }).click()
  await screen(app.page, 'Sign in to Plex')
  await app.page.getByRole('button', { name: `Back to ${longAccount.title}` }).waitFor()
}

describe('accounts in the window, answered by main', () => {
  it('adds a second account, goes back once, then switches between the two', async () => {
    const app = await apps.start({ fake: { user: longAccount } })
    await signInWithCode(app)

    // The way back: the account still active, never signed out.
    await addAnother(app)
    await app.page.getByRole('button', { name: `Back to ${longAccount.title}` }).click()
    await screen(app.page, 'Signed in to Plex')
    expect(signedInAs(app)).toBe(longAccount.username)

    // Approved as another account: it is added beside the first, and active.
    await addAnother(app)
    await expect.poll(() => app.service.pin('browser')?.code ?? null).not.toBeNull()
    await app.control.approve(app.service.pin('browser')?.code ?? '', { username: SECOND_ACCOUNT.username, title: SECOND_ACCOUNT.title })
    await screen(app.page, 'Signed in to Plex')
    await app.page.getByText(SECOND_ACCOUNT.title).first().waitFor()
    expect(signedInAs(app)).toBe(SECOND_ACCOUNT.username)

    // The first account, chosen in the switcher, is active again.
    await switchButton(app.page).click()
    await switcher(app.page).getByRole('button', { name: new RegExp(`^${longAccount.title}`) }).click()
    await expect.poll(() => signedInAs(app)).toBe(longAccount.username)
    await screen(app.page, 'Signed in to Plex')
    expect(app.vault.entries.size).toBe(2)
    await expectClean(app)
  })
})
