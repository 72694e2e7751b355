import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { AccountListing } from '../../preload/api'
import { HOSTILE_PROFILE_NAME, KID_PIN, LONG_PROFILE_NAME, SECOND_ACCOUNT } from '../fake-plex/home-state'
import { longAccount } from './app-harness'
import { captureClean, screen, shownCode, status } from './app-steps'
import { type ScriptedWindow, scriptedWindows } from './scripted-main'

const windows = scriptedWindows()

/** A second account signed in on this desktop, whose saved sign-in plex.tv refused when last asked. */
const second: AccountListing = {
  uuid: 'b0b0b0b0-0000-4000-8000-000000000024',
  username: SECOND_ACCOUNT.username,
  title: SECOND_ACCOUNT.title,
  avatar: null,
  active: false,
  needsAttention: true,
}

/** A Home whose protected profile has the longest name the window must fit, beside the hostile one. */
const longHome = [
  { title: LONG_PROFILE_NAME, restricted: true, restrictionProfile: 'little_kid', pin: KID_PIN },
  { title: 'Sam', username: 'sam-partner' },
  { title: HOSTILE_PROFILE_NAME },
]

/**
 * A switcher choice's accessible name: its name, then what is said of it. Chromium puts a space
 * before each said part (the name and each badge are boxes of their own), the words are the same.
 */
const choiceName = (name: string, ...said: string[]) =>
  new RegExp(`^${[name, ...said].map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' ?, ')}$`)

const switchButton = (page: Page) => page.getByRole('button', { name: 'Switch account or profile' })
const switcher = (page: Page) => page.getByRole('region', { name: 'Switch account or profile' })
/** Whether the element has keyboard focus. Page-side code as text: this file has no DOM types. */
const isFocused = (locator: Locator) => locator.evaluate((el) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)
const pinField = (page: Page) => page.getByLabel('PIN', { exact: true })
const padMessage = (page: Page) => page.locator('.pin-message')

async function openSwitcher(window: ScriptedWindow): Promise<Locator> {
  await screen(window.page, 'Signed in to Plex')
  await switchButton(window.page).click()
  await switcher(window.page).getByRole('heading', { name: 'Home profiles' }).waitFor()
  await switcher(window.page).getByRole('button', { name: / ?, owner/ }).waitFor()
  return switcher(window.page)
}

/** No PIN typed and no token minted anywhere the page saw or said, nor in main's log. */
async function expectNoSecrets(window: ScriptedWindow, pins: readonly string[]): Promise<void> {
  const found: string[] = []
  for (const [where, text] of Object.entries(await window.traces())) {
    // A PIN as a word of its own: four digits also occur inside times, ids and tokens by chance.
    for (const pin of pins) if (new RegExp(`(?<![0-9A-Za-z])${pin}(?![0-9A-Za-z])`).test(text)) found.push(`PIN ${pin} in ${where}`)
    for (const token of window.tokens()) if (text.includes(token)) found.push(`token in ${where}`)
  }
  expect(found).toEqual([])
  expect(window.console.filter((line) => /Content Security Policy|pageerror/i.test(line))).toEqual([])
}

describe('accounts and Home profiles in real Chromium, the Home at the fake plex.tv', () => {
  it('the switcher by keyboard alone: two accounts, one needing sign-in, and the Home with a long non-ASCII name', async () => {
    const window = await windows.start({ others: [second] })
    const { page } = window
    await screen(page, 'Signed in to Plex')
    await page.getByText(`plex.tv no longer accepts the saved sign-in of ${SECOND_ACCOUNT.title}`).waitFor()
    await captureClean(window, 'two-accounts')

    await switchButton(page).focus()
    await page.keyboard.press('Enter')
    await switcher(page).getByRole('button', { name: choiceName('Robin', 'needs a PIN') }).waitFor()
    expect(await switchButton(page).getAttribute('aria-expanded')).toBe('true')
    // Each key, and the choice (by its accessible name) that has focus after it.
    const secondChoice = choiceName(SECOND_ACCOUNT.title, 'needs sign-in')
    const path: readonly (readonly [string | null, RegExp])[] = [
      [null, secondChoice],
      ['ArrowDown', choiceName('Add another account')],
      ['ArrowDown', choiceName(longAccount.title, 'owner', 'active')],
      ['ArrowDown', choiceName('Robin', 'needs a PIN')],
      ['End', choiceName(LONG_PROFILE_NAME)],
      ['ArrowDown', secondChoice],
      ['ArrowUp', choiceName(LONG_PROFILE_NAME)],
      ['Home', secondChoice],
    ]
    for (const [key, name] of path) {
      if (key !== null) await page.keyboard.press(key)
      expect(await isFocused(switcher(page).getByRole('button', { name })), `${key} focuses ${name}`).toBe(true)
    }
    // The long name is cut with "…" on its one line, whole in its tooltip.
    const longName = switcher(page).getByRole('button', { name: choiceName(LONG_PROFILE_NAME) }).locator('bdi.name')
    expect(await longName.getAttribute('title')).toBe(LONG_PROFILE_NAME)
    await captureClean(window, 'switcher')

    await page.keyboard.press('Escape')
    await switcher(page).waitFor({ state: 'detached' })
    expect(await isFocused(switchButton(page))).toBe(true)

    // Enter on an account switches to it through main.
    await page.keyboard.press('Enter')
    await switcher(page).getByRole('button', { name: choiceName(SECOND_ACCOUNT.title, 'needs sign-in') }).waitFor()
    await page.keyboard.press('Enter')
    await status(page, `Now using ${SECOND_ACCOUNT.title}.`).waitFor()
    expect(window.received.filter((each) => each.channel === 'accounts:switch').map((each) => each.request)).toEqual([{ uuid: second.uuid }])
    await expectNoSecrets(window, [])
  })

  it('a protected profile: the PIN typed wrong keeps the pad and says so, then typed right switches; the PIN is nowhere after', async () => {
    const window = await windows.start({ home: longHome })
    const { page } = window
    const panel = await openSwitcher(window)
    await panel.getByRole('button', { name: choiceName(LONG_PROFILE_NAME, 'needs a PIN') }).click()
    const group = page.getByRole('group', { name: `Enter the PIN for ${LONG_PROFILE_NAME}` })
    await group.waitFor()
    expect(await pinField(page).getAttribute('type')).toBe('password')
    expect(await isFocused(pinField(page))).toBe(true)
    await captureClean(window, 'pin-pad-empty')

    await pinField(page).pressSequentially('1234')
    await padMessage(page).getByText('That PIN is wrong. Try again.').waitFor()
    expect(await pinField(page).inputValue()).toBe('')
    await group.waitFor()
    await captureClean(window, 'pin-pad-wrong')

    await pinField(page).pressSequentially(KID_PIN)
    await status(page, `Now using ${LONG_PROFILE_NAME}.`).waitFor()
    await expect.poll(() => page.locator('.account-profile-name').textContent()).toBe(LONG_PROFILE_NAME)
    expect(window.received.filter((each) => each.channel === 'profiles:switch').map((each) => each.request)).toEqual([
      { uuid: expect.any(String), pin: '1234' },
      { uuid: expect.any(String), pin: KID_PIN },
    ])
    await captureClean(window, 'signed-in-as-profile')
    await expectNoSecrets(window, ['1234', KID_PIN])
  })

  it('the PIN clicked on the pad’s keys, one taken back', async () => {
    const window = await windows.start()
    const { page } = window
    const panel = await openSwitcher(window)
    await panel.getByRole('button', { name: choiceName('Robin', 'needs a PIN') }).click()
    const group = page.getByRole('group', { name: 'Enter the PIN for Robin' })
    const press = (digit: string) => group.getByRole('button', { name: digit, exact: true }).click()
    for (const digit of [...KID_PIN.slice(0, 2), '7']) await press(digit)
    await group.getByRole('button', { name: 'Delete last digit' }).click()
    expect(await pinField(page).inputValue()).toBe(KID_PIN.slice(0, 2))
    for (const digit of KID_PIN.slice(2)) await press(digit)
    await status(page, 'Now using Robin.').waitFor()
    expect(await page.locator('.account-profile-name').textContent()).toBe('Robin')
    await expectNoSecrets(window, [KID_PIN])
  })

  it('a protected profile chosen in the tray opens its PIN pad in the window', async () => {
    const window = await windows.start()
    const { page } = window
    await screen(page, 'Signed in to Plex')
    await window.wantPin('Robin')
    const group = page.getByRole('group', { name: 'Enter the PIN for Robin' })
    await group.waitFor()
    expect(await isFocused(pinField(page))).toBe(true)
    await pinField(page).pressSequentially(KID_PIN)
    await status(page, 'Now using Robin.').waitFor()
    await expectNoSecrets(window, [KID_PIN])
  })

  it('three wrong PINs in a row: the pad counts down to the next try, disabled', async () => {
    const window = await windows.start({ home: longHome, pinWaitMs: 5 * 60_000 })
    const { page } = window
    const panel = await openSwitcher(window)
    await panel.getByRole('button', { name: choiceName(LONG_PROFILE_NAME, 'needs a PIN') }).click()
    for (const wrong of ['0000', '1111']) {
      await pinField(page).pressSequentially(wrong)
      await padMessage(page).getByText('That PIN is wrong. Try again.').waitFor()
      await expect.poll(() => pinField(page).isEditable()).toBe(true)
    }
    await pinField(page).pressSequentially('2222')
    await padMessage(page).getByText(/^Too many wrong PINs\. Try again in [45]:\d\d$/).waitFor()
    expect(await pinField(page).isDisabled()).toBe(true)
    const keys = page.getByRole('group', { name: /^Enter the PIN for/ }).getByRole('button')
    expect(await keys.evaluateAll((buttons) => buttons.every((button) => (button as unknown as { disabled: boolean }).disabled))).toBe(true)
    await captureClean(window, 'pin-pad-waiting')
    // Still waiting: the keys do nothing, and nothing more went to plex.tv.
    expect(window.received.filter((each) => each.channel === 'profiles:switch')).toHaveLength(3)
    await expectNoSecrets(window, ['0000', '1111', '2222'])
  })

  it('adds another account through the usual sign-in, and goes back to the active one', async () => {
    const window = await windows.start({ others: [second] })
    const { page } = window
    const panel = await openSwitcher(window)
    await panel.getByRole('button', { name: 'Add another account' }).click()
    await screen(page, 'Sign in to Plex')
    const code = await shownCode(page)
    expect(code).toMatch(/^[A-Z0-9]{4}$/)
    const back = page.getByRole('button', { name: /^Back to / })
    expect(await back.getAttribute('aria-label')).toBe(`Back to ${longAccount.title}`)
    expect(await page.getByRole('button', { name: 'Cancel sign-in' }).count()).toBe(0)
    await captureClean(window, 'adding-account')
    await back.click()
    await screen(page, 'Signed in to Plex')
    expect(window.received.map((each) => each.channel).filter((channel) => channel.startsWith('accounts:') || channel === 'auth:cancel')).toEqual([
      'accounts:add',
      'auth:cancel',
    ])
    await expectNoSecrets(window, [])
  })
})

