import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { accountListing, appError, identities, KID, linkPin, LONG, NOW, OWNER, PARTNER, signedIn, waiting } from './state-fixtures'

/** Signed in with Jane's Home listed, the switcher open on it, and the PIN pad open for `profile` (made protected). */
async function openPad(profile = KID) {
  const home = [OWNER, KID, PARTNER, LONG].map((each) => (each.uuid === profile.uuid ? { ...each, protected: true } : each))
  const rendered = await renderApp(signedIn(), 1, (api) => (api.identitiesValue = identities({ profiles: { kind: 'listed', profiles: home } })))
  await rendered.user.click(screen.getByRole('button', { name: 'Switch account or profile' }))
  await rendered.user.click(screen.getByRole('button', { name: new RegExp(`^${profile.title}`) }))
  return rendered
}

const pad = () => screen.getByRole('group', { name: 'Enter the PIN for Robin' })
const field = () => screen.getByLabelText('PIN') as HTMLInputElement
const key = (name: string) => within(pad()).getByRole('button', { name })
const pinCalls = (api: Awaited<ReturnType<typeof openPad>>['api']) => api.calls.filter((call) => call.method === 'profiles.switch')
/** What the pad itself says under its keys. */
const padSays = () => document.querySelector('.pin-message')?.textContent ?? ''
const assertive = () => document.querySelector('[aria-live="assertive"]')?.textContent ?? ''

describe('the PIN pad', () => {
  it('is a labelled group with a masked four-digit field, focused, and a key for each digit', async () => {
    await openPad()
    expect(field().type).toBe('password')
    expect(field().maxLength).toBe(4)
    expect(field().getAttribute('inputmode')).toBe('numeric')
    expect(document.activeElement).toBe(field())
    expect(within(pad()).getAllByRole('button').map((button) => button.textContent)).toEqual([
      '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '⌫Delete last digit',
    ])
    expect(key('Delete last digit')).toBeTruthy()
  })

  it('sends a typed PIN once at the fourth digit, empties the field at once, and switches', async () => {
    const { api, user } = await openPad()
    await user.keyboard('482')
    expect(pinCalls(api)).toEqual([])
    await user.keyboard('1')
    expect(pinCalls(api)).toEqual([{ method: 'profiles.switch', request: { uuid: KID.uuid, pin: '4821' } }])
    expect(screen.queryByRole('group', { name: 'Enter the PIN for Robin' })).toBeNull()
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('Now using Robin.')
    expect(document.body.innerHTML).not.toContain('4821')
  })

  it('takes the PIN from its keys, clicked, with a key to take the last digit back', async () => {
    const { api, user } = await openPad()
    for (const digit of ['4', '8', '9']) await user.click(key(digit))
    await user.click(key('Delete last digit'))
    await user.click(key('2'))
    expect(field().value).toBe('482')
    await user.click(key('1'))
    expect(pinCalls(api)).toEqual([{ method: 'profiles.switch', request: { uuid: KID.uuid, pin: '4821' } }])
  })

  it('takes digits only', async () => {
    const { api, user } = await openPad()
    await user.keyboard('4a8 -2')
    expect(field().value).toBe('482')
    expect(pinCalls(api)).toEqual([])
  })

  it('says a wrong PIN is wrong and keeps the pad, the field empty and focused for the next try', async () => {
    const { api, user } = await openPad()
    api.failNext('profiles.switch', appError('home-pin-required', { status: 403, plexCode: 1041 }))
    await user.keyboard('1111')
    expect(pad()).toBeTruthy()
    expect(field().value).toBe('')
    expect(document.activeElement).toBe(field())
    expect(padSays()).toBe('That PIN is wrong. Try again.')
    expect(assertive()).toBe('That PIN is wrong. Try again.')
    await user.keyboard('4821')
    expect(pinCalls(api).map((call) => (call.request as { pin: string }).pin)).toEqual(['1111', '4821'])
    expect(screen.queryByRole('group', { name: 'Enter the PIN for Robin' })).toBeNull()
  })

  it('after repeated misses counts down to the next try with the pad disabled, then takes a PIN again', async () => {
    const { api, user, advance } = await openPad()
    api.failNext('profiles.switch', appError('home-pin-required', { retryAt: NOW + 30_000 }))
    await user.keyboard('1111')
    expect(field().disabled).toBe(true)
    expect(within(pad()).getAllByRole('button').every((button) => (button as HTMLButtonElement).disabled)).toBe(true)
    expect(padSays()).toBe('Too many wrong PINs. Try again in 0:30Too many wrong PINs. Try again in 30 seconds.')
    expect(assertive()).toBe('Too many wrong PINs. Try again in 30 seconds.')
    // Focus waits on the way back, not on a disabled field.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Back to profiles' }))
    await advance(12_000)
    expect(document.querySelector('.countdown-clock')?.textContent).toBe('0:18')
    await advance(18_000)
    expect(field().disabled).toBe(false)
    expect(padSays()).toBe('You can enter the PIN again.')
    expect(document.activeElement).toBe(field())
    await user.keyboard('4821')
    expect(pinCalls(api)).toHaveLength(2)
  })

  it('says any other failure in plain words and keeps the pad', async () => {
    const { api, user } = await openPad()
    api.failNext('profiles.switch', appError('network'))
    await user.keyboard('4821')
    expect(pad()).toBeTruthy()
    expect(padSays()).toBe('You seem to be offline, or plex.tv is down. Check your connection, then try again.')
  })

  it('goes back to the profiles on Escape or its button, with focus on the profile it was for', async () => {
    const { user } = await openPad()
    await user.keyboard('48')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('group', { name: 'Enter the PIN for Robin' })).toBeNull()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Robin, needs a PIN' }))
    await user.keyboard('{Enter}')
    expect(field().value).toBe('')
    await user.click(screen.getByRole('button', { name: 'Back to profiles' }))
    expect(screen.getByRole('region', { name: 'Switch account or profile' })).toBeTruthy()
  })

  it('keeps the PIN out of every attribute and every text of the page, before and after sending', async () => {
    const { api, user } = await openPad()
    api.failNext('profiles.switch', appError('home-pin-required'))
    await user.keyboard('735')
    // Typed: in the field's value alone, never an attribute the page could serialise.
    expect(field().getAttribute('value')).toBeNull()
    expect(document.documentElement.outerHTML).not.toContain('735')
    await user.keyboard('9')
    expect(field().value).toBe('')
    expect(document.documentElement.outerHTML).not.toContain('7359')
  })

  it('names a long non-ASCII profile whole, for screen readers and in the tooltip', async () => {
    await openPad(LONG)
    const group = screen.getByRole('group', { name: `Enter the PIN for ${LONG.title}` })
    expect(group.ownerDocument.querySelector('.pin-pad-name')?.getAttribute('title')).toBe(LONG.title)
  })
})

describe('a PIN asked from the tray', () => {
  it('opens the switcher on that profile’s pad, Settings giving way, and again on the next request after going back', async () => {
    const { api, user } = await renderApp(signedIn(), 1, (fake) => (fake.identitiesValue = identities()))
    await user.click(screen.getByRole('button', { name: 'Settings' }))
    await act(async () => api.emitPinWanted({ uuid: KID.uuid }))
    expect(screen.queryByRole('heading', { name: 'Settings' })).toBeNull()
    expect(document.activeElement).toBe(field())
    expect(pad()).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Back to profiles' }))
    expect(screen.queryByRole('group', { name: 'Enter the PIN for Robin' })).toBeNull()
    await act(async () => api.emitPinWanted({ uuid: KID.uuid }))
    expect(pad()).toBeTruthy()
  })

  it('opens no pad for a profile that needs no PIN or is not listed: the switcher shows the Home', async () => {
    const { api } = await renderApp(signedIn(), 1, (fake) => (fake.identitiesValue = identities()))
    await act(async () => api.emitPinWanted({ uuid: PARTNER.uuid }))
    expect(screen.getByRole('region', { name: 'Switch account or profile' })).toBeTruthy()
    expect(screen.queryByRole('group')).toBeNull()
  })
})

describe('adding an account', () => {
  it('offers the way back to the active account in place of Cancel, and takes it through main', async () => {
    const { api, user } = await renderApp(waiting([linkPin()]), 1, (fake) => (fake.identitiesValue = identities()))
    expect(screen.queryByRole('button', { name: 'Cancel sign-in' })).toBeNull()
    expect(screen.getByText(/stays active until the new one is approved/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Back to Jane Doe' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.cancel' })
  })

  it('offers Cancel when no account is active, or when the active one is the one to sign in again', async () => {
    await renderApp(waiting([linkPin()]), 1, (fake) => (fake.identitiesValue = identities({ accounts: [accountListing({ needsAttention: true })] })))
    expect(screen.getByRole('button', { name: 'Cancel sign-in' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /^Back to/ })).toBeNull()
  })
})
