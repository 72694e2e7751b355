import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { account, appError, linkPin, NOW, signedIn, waiting } from './state-fixtures'

describe('signed out', () => {
  it('offers both ways in on one screen', async () => {
    await renderApp({ kind: 'signed-out' })
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in to Plex' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Sign in with Plex' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Use a code on your phone or another computer' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Cancel sign-in' })).toBeNull()
  })

  it('starts a browser sign-in', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out' })
    await user.click(screen.getByRole('button', { name: 'Sign in with Plex' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
  })

  it('starts a code sign-in from the keyboard alone', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out' })
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign in with Plex' }))
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Use a code on your phone or another computer' }))
    await user.keyboard('{Enter}')
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'link' } })
  })

  it('offers the browser way as the one button, the code way as a quiet choice under it', async () => {
    await renderApp({ kind: 'signed-out' })
    const buttons = within(screen.getByRole('main')).getAllByRole('button')
    expect(buttons.map((button) => [button.textContent, button.className])).toEqual([
      ['Sign in with Plex', 'button button-primary'],
      ['Use a code on your phone or another computer', 'button button-quiet'],
    ])
  })

  it('keeps the phishing note for when there is a code', async () => {
    await renderApp({ kind: 'signed-out' })
    expect(screen.queryByText(/Never enter a code someone sent you/)).toBeNull()
  })

  it('explains a rejected token and signs in again in one step, with no second button doing the same', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out', reason: 'token-rejected' })
    expect(within(screen.getByRole('main')).getByText(/Plex no longer accepts this sign-in/)).toBeTruthy()
    const buttons = within(screen.getByRole('main')).getAllByRole('button')
    expect(buttons.map((button) => button.textContent)).toEqual(['Sign in again', 'Use a code on your phone or another computer'])
    await user.click(screen.getByRole('button', { name: 'Sign in again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
  })

  it('names the account plex.tv refused when this window saw it signed in', async () => {
    const { show } = await renderApp(signedIn())
    await show({ kind: 'signed-out', reason: 'token-rejected' })
    expect(within(screen.getByRole('main')).getAllByRole('button').map((button) => button.textContent)).toEqual([
      'Sign in again as jdoe',
      'Use a code on your phone or another computer',
    ])
  })

  it('cuts a long name in "Sign in again as …" with "…", whole in its tooltip and its accessible name, and without bidi controls', async () => {
    const long = `zoe_angstrom_thordardottir_with_a_username_sixty_chars_long\u202Eevil`
    const { show } = await renderApp(signedIn({ account: account({ username: long, title: '' }) }))
    await show({ kind: 'signed-out', reason: 'token-rejected' })
    const button = screen.getByRole('button', { name: 'Sign in again as zoe_angstrom_thordardottir_with_a_username_sixty_chars_longevil' })
    const name = button.querySelector('bdi.name')
    expect(name?.getAttribute('title')).toBe('zoe_angstrom_thordardottir_with_a_username_sixty_chars_longevil')
    // Cut by the stylesheet (one line, "…"), never broken: see .name in components.css.
    expect(name?.className).toBe('name')
  })

  it('an expired code: the notice carries its own way on, a new code in the mode last used', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out', reason: 'expired' })
    const notice = screen.getByText('The code ran out before it was used.').closest('.notice') as HTMLElement
    await user.click(within(notice).getByRole('button', { name: 'Get a new code' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'link' } })
  })

  it.each([
    ['signed-out', /You signed out/],
    ['expired', /The code ran out before it was used/],
    ['cancelled', /Sign-in cancelled/],
    ['signed-out-locally', /plex.tv could not be told: it stays valid there until you remove Plexkey under Authorized Devices/],
  ] as const)('says why after %s', async (reason, text) => {
    await renderApp({ kind: 'signed-out', reason })
    expect(within(screen.getByRole('main')).getByText(text)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Sign in again' })).toBeNull()
  })

  it('shows a failed start next to its button', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out' })
    api.failNext('auth.start', { code: 'network', message: 'offline', retryable: true })
    const button = screen.getByRole('button', { name: 'Use a code on your phone or another computer' })
    await user.click(button)
    expect(button.parentElement?.querySelector('.action-feedback')?.textContent).toMatch(/You seem to be offline/)
    // Said at once, through the window's one assertive region.
    expect(document.querySelector('[aria-live="assertive"]')?.textContent).toMatch(/You seem to be offline/)
  })
})

describe('starting', () => {
  it('shows progress in the way being started and keeps the other available in one line', async () => {
    const { api, user } = await renderApp({ kind: 'starting', modes: ['link'] })
    expect(screen.getByText('Getting a code from plex.tv…')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Use a code/ })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Sign in with your browser instead' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
    await user.click(screen.getByRole('button', { name: 'Cancel sign-in' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.cancel' })
  })

  it('says there is no code yet and counts down to the next try; the live region says it once', async () => {
    const region = () => screen.getByRole('status', { name: 'Connection' })
    const { show, advance } = await renderApp({ kind: 'starting', modes: ['link'] })
    // The region is there, silent, before there is anything to say (a region that appears with its
    // text already in it is not read out by every screen reader).
    expect(region().textContent).toBe('')
    const retry = { error: appError('plex-error', { status: 503 }), retryAt: NOW + 3000 }
    await show({ kind: 'starting', modes: ['link'], retry })
    expect(screen.getByText('No sign-in code yet. plex.tv sent an error; trying again in 3 s.')).toBeTruthy()
    const spoken = region()
    expect(spoken.textContent).toBe('No sign-in code yet. plex.tv sent an error; Plexkey will try again shortly.')
    expect(spoken.getAttribute('aria-live')).toBe('polite')
    await advance(1000)
    expect(screen.getByText('No sign-in code yet. plex.tv sent an error; trying again in 2 s.')).toBeTruthy()
    await advance(2000)
    expect(screen.getByText('No sign-in code yet. plex.tv sent an error; trying again now.')).toBeTruthy()
    // The ticking is for eyes only: the region's text, and so what is spoken, stayed the same.
    expect(region()).toBe(spoken)
    expect(spoken.textContent).toBe('No sign-in code yet. plex.tv sent an error; Plexkey will try again shortly.')

    // The next try failed too, offline this time: said once more, with its new cause.
    await show({ kind: 'starting', modes: ['link'], retry: { error: appError('network'), retryAt: NOW + 7000 } })
    expect(screen.getByText("No sign-in code yet. Can't reach plex.tv; trying again in 4 s.")).toBeTruthy()
    expect(region().textContent).toBe("No sign-in code yet. Can't reach plex.tv; Plexkey will try again shortly.")

    // The code came: the notice and its announcement are gone, the same region carries on.
    await show(waiting([linkPin()]))
    expect(screen.queryByText(/No sign-in code yet/)).toBeNull()
    expect(region()).toBe(spoken)
    expect(spoken.textContent).toBe('')
  })
})

describe('restoring', () => {
  it('says it is checking the saved sign-in', async () => {
    await renderApp({ kind: 'restoring' })
    expect(screen.getByRole('heading', { level: 1, name: 'Checking your saved sign-in…' })).toBeTruthy()
  })
})
