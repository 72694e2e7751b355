import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { IdentitiesView, Result } from '../../preload/api'
import { renderApp } from './render-app'
import { accountListing, appError, identities, KID, LONG, OWNER, PARTNER, SECOND, signedIn } from './state-fixtures'

/** Signed in as Jane, with a second account and her Plex Home; `view` replaces what main lists. */
const renderWith = (view: IdentitiesView = identities()) => renderApp(signedIn(), 1, (api) => (api.identitiesValue = view))

const switchButton = () => screen.getByRole('button', { name: 'Switch account or profile' })
const switcher = () => screen.getByRole('region', { name: 'Switch account or profile' })

async function openSwitcher(rendered: Awaited<ReturnType<typeof renderApp>>) {
  await rendered.user.click(switchButton())
  return switcher()
}

describe('who is active', () => {
  it('shows the Home profile in use under the account, with its avatar, and says which it is', async () => {
    await renderWith(identities({ profiles: { kind: 'listed', profiles: [{ ...OWNER, active: false }, { ...PARTNER, active: true }] } }))
    const line = document.querySelector('.account-profile') as HTMLElement
    expect(line.textContent).toBe('Profile: Sam')
    expect(line.querySelector('img.avatar')?.getAttribute('src')).toBe(PARTNER.avatar)
  })

  it('shows no profile line while the owner is active: the account is the owner', async () => {
    await renderWith()
    expect(document.querySelector('.account-profile')).toBeNull()
  })

  it('says when another account needs signing in again', async () => {
    await renderWith(identities({ accounts: [accountListing(), { ...SECOND, needsAttention: true }] }))
    expect(screen.getByText(/no longer accepts the saved sign-in of Jürgen Zweitkonto/)).toBeTruthy()
  })

  it('asks main for the servers again once another profile is active: they follow the identity', async () => {
    const { api } = await renderWith()
    const asked = () => api.callNames().filter((name) => name === 'servers.refresh').length
    expect(asked()).toBe(1)
    await act(async () => api.emitIdentities(identities({ profiles: { kind: 'listed', profiles: [{ ...OWNER, active: false }, { ...PARTNER, active: true }] } })))
    expect(asked()).toBe(2)
  })
})

describe('the switcher', () => {
  it('is a labelled disclosure that opens on its first choice and closes on Escape, focus back on its button', async () => {
    const rendered = await renderWith()
    expect(switchButton().getAttribute('aria-expanded')).toBe('false')
    switchButton().focus()
    await rendered.user.keyboard('{Enter}')
    expect(switchButton().getAttribute('aria-expanded')).toBe('true')
    expect(switchButton().getAttribute('aria-controls')).toBe(switcher().id)
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Jürgen Zweitkonto' }))
    await rendered.user.keyboard('{Escape}')
    expect(screen.queryByRole('region', { name: 'Switch account or profile' })).toBeNull()
    expect(document.activeElement).toBe(switchButton())
  })

  it('moves between its choices with the arrow keys, Home and End, round the ends', async () => {
    const rendered = await renderWith()
    await openSwitcher(rendered)
    // Each key, and the choice (by its accessible name) that has focus after it.
    const path: readonly (readonly [string | null, string])[] = [
      [null, 'Jürgen Zweitkonto'],
      ['{ArrowDown}', 'Add another account'],
      ['{ArrowDown}', 'Jane Doe, owner, active'],
      ['{ArrowDown}', 'Robin, needs a PIN'],
      ['{End}', LONG.title],
      ['{ArrowDown}', 'Jürgen Zweitkonto'],
      ['{ArrowUp}', LONG.title],
      ['{Home}', 'Jürgen Zweitkonto'],
    ]
    for (const [key, name] of path) {
      if (key !== null) await rendered.user.keyboard(key)
      expect(document.activeElement, `${key} focuses ${name}`).toBe(within(switcher()).getByRole('button', { name }))
    }
  })

  it('hides the status and the servers while open, and draws nothing over them', async () => {
    const rendered = await renderWith()
    await openSwitcher(rendered)
    expect((document.querySelector('.signed-in-rest') as HTMLElement).hidden).toBe(true)
    await rendered.user.click(switchButton())
    expect((document.querySelector('.signed-in-rest') as HTMLElement).hidden).toBe(false)
  })

  it('lists the other accounts, saying which needs signing in, and switches to one', async () => {
    const rendered = await renderWith(identities({ accounts: [accountListing(), { ...SECOND, needsAttention: true }] }))
    const panel = await openSwitcher(rendered)
    const choice = within(panel).getByRole('button', { name: 'Jürgen Zweitkonto, needs sign-in' })
    // Short for eyes, whole for ears: its name starts with the words on it.
    expect(choice.textContent).toBe('JZJürgen Zweitkontoneeds sign-in, needs sign-in')
    expect(choice.hasAttribute('aria-label')).toBe(false)
    await rendered.user.click(choice)
    expect(rendered.api.calls.at(-1)).toEqual({ method: 'accounts.switch', request: { uuid: SECOND.uuid } })
    expect(screen.queryByRole('region', { name: 'Switch account or profile' })).toBeNull()
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('Now using Jürgen Zweitkonto.')
  })

  it('says so, and stays open, when main cannot switch accounts', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    rendered.api.failNext('accounts.switch', appError('keychain', { message: 'The keychain is locked.' }))
    await rendered.user.click(within(panel).getByRole('button', { name: 'Jürgen Zweitkonto' }))
    expect(within(switcher()).getByText('The keychain is locked.')).toBeTruthy()
  })

  it('adds another account through main', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    await rendered.user.click(within(panel).getByRole('button', { name: 'Add another account' }))
    expect(rendered.api.calls.at(-1)).toEqual({ method: 'accounts.add', request: { mode: 'browser' } })
  })

  it('signs out another account after asking, and only that one', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    await rendered.user.click(within(panel).getByRole('button', { name: 'Sign out of Jürgen Zweitkonto…' }))
    const dialog = screen.getByRole('dialog', { name: 'Sign out of Jürgen Zweitkonto?' })
    expect(dialog.textContent).toContain('The active account stays signed in.')
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Sign out' }))
    expect(rendered.api.calls.at(-1)).toEqual({ method: 'accounts.signOut', request: { uuid: SECOND.uuid } })
    expect(rendered.api.callNames()).not.toContain('auth.signOut')
  })

  it('switches to an unprotected profile without a PIN', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    await rendered.user.click(within(panel).getByRole('button', { name: 'Sam' }))
    expect(rendered.api.calls.at(-1)).toEqual({ method: 'profiles.switch', request: { uuid: PARTNER.uuid } })
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('Now using Sam.')
  })

  it('says in main’s words why plex.tv would not switch profiles for this sign-in, and what works', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    const refused = 'plex.tv refused to switch Home profiles for this sign-in, which uses a Plex JWT. Sign in again with a standard Plex token.'
    rendered.api.failNext('profiles.switch', appError('switch-refused', { message: refused }))
    await rendered.user.click(within(panel).getByRole('button', { name: 'Sam' }))
    expect(within(switcher()).getByText(refused)).toBeTruthy()
  })

  it('opens the PIN pad when main says even an unprotected profile needs its PIN', async () => {
    const rendered = await renderWith(identities({ profiles: { kind: 'listed', profiles: [{ ...OWNER, active: false }, { ...PARTNER, active: true }] } }))
    const panel = await openSwitcher(rendered)
    rendered.api.failNext('profiles.switch', appError('home-pin-required'))
    await rendered.user.click(within(panel).getByRole('button', { name: 'Jane Doe, owner' }))
    expect(screen.getByRole('group', { name: 'Enter the PIN for Jane Doe' })).toBeTruthy()
  })

  it('draws profile avatars main fetched and initials otherwise, and marks the active one', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    expect(within(panel).getByRole('button', { name: 'Sam' }).querySelector('img')?.getAttribute('src')).toBe(PARTNER.avatar)
    expect(within(panel).getByRole('button', { name: 'Robin, needs a PIN' }).querySelector('.avatar-initials')?.textContent).toBe('R')
    expect(within(panel).getByRole('button', { name: 'Jane Doe, owner, active' }).getAttribute('aria-current')).toBe('true')
  })

  it('shows a long non-ASCII profile name whole in its tooltip, cut on one line', async () => {
    const rendered = await renderWith()
    const panel = await openSwitcher(rendered)
    const name = within(panel).getByRole('button', { name: LONG.title }).querySelector('bdi.name')
    expect(name?.textContent).toBe(LONG.title)
    expect(name?.getAttribute('title')).toBe(LONG.title)
  })

  it('shows a hostile name as text, without its bidi controls', async () => {
    const hostile = '<b>Kid</b> \u202edlihc\u202c'
    const rendered = await renderWith(identities({ profiles: { kind: 'listed', profiles: [OWNER, { ...KID, title: hostile }] } }))
    const panel = await openSwitcher(rendered)
    expect(panel.querySelector('b')).toBeNull()
    expect(within(panel).getByRole('button', { name: '<b>Kid</b> dlihc, needs a PIN' })).toBeTruthy()
  })

  it.each([
    [{ kind: 'loading' } as const, 'Looking for your Plex Home…'],
    [{ kind: 'no-home' } as const, 'This account has no Plex Home, so it has no other profiles.'],
    [{ kind: 'error', error: appError('network') } as const, 'You seem to be offline, or plex.tv is down. Check your connection, then try again.'],
  ])('says where the profiles are when none are listed: %o', async (profiles, text) => {
    const rendered = await renderWith(identities({ profiles }))
    const panel = await openSwitcher(rendered)
    expect(within(panel).getByText(text)).toBeTruthy()
  })

  it('says main could not say who is signed in, lists nothing, and still offers to add an account', async () => {
    const rendered = await renderApp(signedIn(), 1, (api) => api.failNext('identities.get', appError('keychain', { message: 'The keychain is locked.' })))
    const panel = await openSwitcher(rendered)
    expect(within(panel).getByText('The keychain is locked.')).toBeTruthy()
    expect(within(panel).queryByRole('heading')).toBeNull()
    expect(within(panel).queryByText('No other account is signed in on this computer.')).toBeNull()
    expect(within(panel).getByRole('button', { name: 'Add another account' })).toBeTruthy()
  })

  it('follows main: a list main sends replaces the one shown, and an older answer arriving after it is dropped', async () => {
    let answer: (result: Result<IdentitiesView>) => void = () => undefined
    const rendered = await renderApp(signedIn(), 1, (api) => {
      api.identitiesAnswer = new Promise((resolve) => (answer = resolve))
    })
    await act(async () => rendered.api.emitIdentities(identities()))
    await act(async () => answer({ ok: true, value: identities({ accounts: [accountListing()] }) }))
    const panel = await openSwitcher(rendered)
    expect(within(panel).getByRole('button', { name: 'Jürgen Zweitkonto' })).toBeTruthy()
  })
})
