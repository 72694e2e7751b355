import { render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { ErrorCode } from '../../preload/api'
import { App } from '../../renderer/src/app'
import { FakePlexkeyApi } from './fake-plexkey-api'
import { renderApp } from './render-app'
import { appError, errorState, linkPin, NOW, snapshot, waiting } from './state-fixtures'

/** The one action on an error screen: its label and the call it makes into main. */
interface Expectation {
  readonly code: ErrorCode
  readonly title: string
  readonly sentence: RegExp
  readonly action: string
  readonly call: { readonly method: string; readonly request?: unknown }
  /** The action starts a new sign-in, so a way back sits beside it. */
  readonly back?: true
}

// With no sign-in started from this window, "Try again" repeats the launch check.
const cases: readonly Expectation[] = [
  { code: 'network', title: "Can't reach plex.tv", sentence: /You seem to be offline/, action: 'Try again', call: { method: 'auth.checkNow' } },
  { code: 'timeout', title: 'plex.tv is taking too long', sentence: /did not answer in time/, action: 'Try again', call: { method: 'auth.checkNow' } },
  { code: 'token-rejected', title: 'Plex no longer accepts this sign-in', sentence: /revoked or has expired/, action: 'Re-authenticate', call: { method: 'auth.start', request: { mode: 'browser' } }, back: true },
  { code: 'keychain', title: "Plexkey can't use the keychain", sentence: /main says: keychain/, action: 'Try again', call: { method: 'auth.checkNow' } },
  { code: 'bad-response', title: 'Something unexpected happened', sentence: /answer Plexkey didn't expect/, action: 'Try again', call: { method: 'auth.checkNow' } },
  { code: 'plex-error', title: 'Something unexpected happened', sentence: /answer Plexkey didn't expect/, action: 'Try again', call: { method: 'auth.checkNow' } },
  { code: 'unknown', title: 'Something unexpected happened', sentence: /did not expect/, action: 'Try again', call: { method: 'auth.checkNow' } },
  { code: 'pin-expired', title: 'The code expired', sentence: /ran out before it was used/, action: 'Get a new code', call: { method: 'auth.start', request: { mode: 'link' } }, back: true },
]

describe('error screens', () => {
  it.each(cases)('$code: one plain sentence and one action', async ({ code, title, sentence, action, call, back }) => {
    const { api, user } = await renderApp(errorState(code))
    expect(screen.getByRole('heading', { level: 1, name: title })).toBeTruthy()
    expect(screen.getByText(sentence)).toBeTruthy()
    // The screen's own buttons: the header's Settings button is on every screen.
    const buttons = within(screen.getByRole('main')).getAllByRole('button')
    expect(buttons.map((button) => button.textContent)).toEqual(back ? [action, 'Back to sign-in'] : [action])
    expect(buttons[0]?.className).toContain('button-primary')
    await user.click(buttons[0] as HTMLElement)
    expect(api.calls.at(-1)).toEqual(call)
  })

  it('keychain: says what main says (it knows the system), once, and "Try again" reads the keychain again', async () => {
    const message = 'The login keyring is locked. Unlock it (Passwords and Keys), then try again.'
    const { api, user, show } = await renderApp({ kind: 'signed-out' })
    // Even after a sign-in started from this window: the keychain, not the sign-in, is what failed.
    await user.click(screen.getByRole('button', { name: 'Sign in with Plex' }))
    await show(errorState('keychain', { message }))
    expect(screen.getAllByText(message)).toHaveLength(1)
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Try again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.checkNow' })
  })

  it('rate-limited: "Try again" stays disabled and counts the minute down, then tries again', async () => {
    const { api, user, advance } = await renderApp(errorState('rate-limited', { status: 429 }))
    expect(screen.getByText(/Wait a minute, then try again/)).toBeTruthy()
    const primary = () => document.querySelector('main .button-primary') as HTMLButtonElement
    expect([primary().textContent, primary().disabled]).toEqual(['You can try again in 1:00', true])
    await user.click(primary())
    expect(api.callNames()).not.toContain('auth.checkNow')
    await advance(31_000)
    expect([primary().textContent, primary().disabled]).toEqual(['You can try again in 0:29', true])
    await advance(29_000)
    expect([primary().textContent, primary().disabled]).toEqual(['Try again', false])
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.checkNow' })
  })

  it('rate-limited: counts down to the time plex.tv asked for, when main knows it', async () => {
    const { show, advance } = await renderApp(errorState('rate-limited', { status: 429, retryAt: NOW + 150_000 }))
    expect(screen.getByText(/Wait as long as it asked, then try again/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'You can try again in 2:30' })).toBeTruthy()
    await advance(60_000)
    expect(screen.getByRole('button', { name: 'You can try again in 1:30' })).toBeTruthy()
    await advance(90_000)
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
    // A later error brings its own time: the countdown follows it, not the one the screen began with.
    await show(errorState('rate-limited', { status: 429, retryAt: NOW + 150_000 + 20_000 }))
    expect(screen.getByRole('button', { name: 'You can try again in 0:20' })).toBeTruthy()
  })

  it("keys the headline on the code, and keeps main's own words under Details", async () => {
    await renderApp(errorState('plex-error', { message: 'Plex said 503', status: 503, plexCode: 1099 }))
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Something unexpected happened')
    const details = screen.getByText('Details').closest('details')
    expect(details?.textContent).toContain('Plex said 503')
    expect(details?.textContent).toContain('code plex-error · HTTP 503 · Plex error 1099')
  })

  it('"Try again" repeats the sign-in started from this window, in its mode, and "Back" leaves it', async () => {
    const { api, user, show } = await renderApp({ kind: 'signed-out' })
    await user.click(screen.getByRole('button', { name: 'Use a code on your phone or another computer' }))
    await show(errorState('network'))
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'link' } })
    await user.click(screen.getByRole('button', { name: 'Back to sign-in' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.checkNow' })
  })

  it('draws a failed first read of the state as an error, not a blank window', async () => {
    const api = new FakePlexkeyApi(snapshot(1, { kind: 'restoring' }))
    api.stateAnswer = Promise.resolve({ ok: false, error: appError('forbidden') })
    render(<App api={api} />)
    expect(await screen.findByRole('heading', { level: 1, name: 'Something unexpected happened' })).toBeTruthy()
  })

  it('draws a screen that throws while drawing as an error screen, and draws the next state again', async () => {
    // 2,400 characters are more than any QR code holds: drawing it throws inside React.
    const overlong = waiting([linkPin({ qrPayload: `https://plex.tv/link?code=${'z'.repeat(2_400)}` })])
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { show } = await renderApp(overlong)
    quiet.mockRestore()
    expect(screen.getByRole('heading', { level: 1, name: 'Something unexpected happened' })).toBeTruthy()
    expect(screen.getByText('Details').closest('details')?.textContent).toContain('The window could not draw this screen')
    await show({ kind: 'signed-out' })
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in to Plex' })).toBeTruthy()
  })
})
