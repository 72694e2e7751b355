import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { SignInState } from '../../preload/api'
import { renderApp } from './render-app'
import { appError, errorState, linkPin, signedIn, waiting } from './state-fixtures'

const settingsButton = () => screen.getByRole('button', { name: 'Settings' })
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement
const atLogin = () => screen.getByRole('checkbox', { name: 'Start at login' }) as HTMLInputElement

/** Renders the app in `initial`, opens Settings from the header and waits for main's answer. */
async function openSettings(initial: SignInState = { kind: 'signed-out' }) {
  const rendered = await renderApp(initial)
  await rendered.user.click(settingsButton())
  await screen.findByRole('radio', { name: 'Standard Plex token (recommended)' })
  return rendered
}

describe('settings', () => {
  const screens: readonly [string, SignInState][] = [
    ['restoring', { kind: 'restoring' }],
    ['signed-out', { kind: 'signed-out' }],
    ['waiting', waiting([linkPin()])],
    ['signed-in', signedIn()],
    ['error', errorState('network')],
  ]

  it.each(screens)('open from the header on the %s screen', async (_name, state) => {
    const { user } = await renderApp(state)
    expect(settingsButton().closest('header')).not.toBeNull()
    await user.click(settingsButton())
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy()
    // Settings take the screen's place: the button is no disclosure, never "collapsed" or "expanded".
    expect(settingsButton().hasAttribute('aria-expanded')).toBe(false)
    expect(settingsButton().className).toContain('header-button-active')
  })

  it('reads settings and app info from main and starts on the Settings heading', async () => {
    const { api } = await openSettings()
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Settings' }))
    expect(api.callNames()).toContain('settings.get')
    expect(api.callNames()).toContain('app.getInfo')
  })

  it('offers the two sign-in methods as one named group, each with its trade-off', async () => {
    await openSettings()
    const group = screen.getByRole('group', { name: 'Sign-in method' })
    expect(group.getAttribute('aria-describedby')).not.toBeNull()
    expect(within(group).getByText(/Applies to your next sign-in/)).toBeTruthy()
    expect(within(group).getAllByRole('radio').map((option) => (option as HTMLInputElement).checked)).toEqual([true, false])
    expect(screen.getByRole('radio', { name: 'Standard Plex token (recommended)', description: /every Plex server/ })).toBeTruthy()
    expect(screen.getByRole('radio', { name: 'Device key (JWT)', description: /Bound to this computer.*7 days.*Some Plex servers refuse/ })).toBeTruthy()
  })

  it('shows the method main holds, not a default', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out' })
    api.settingsValue = { openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false }
    await user.click(settingsButton())
    await screen.findByRole('radio', { name: 'Device key (JWT)' })
    expect(radio('Device key (JWT)').checked).toBe(true)
    expect(atLogin().checked).toBe(true)
  })

  it('saves a new sign-in method at once and says when it applies', async () => {
    const { api, user } = await openSettings()
    await user.click(radio('Device key (JWT)'))
    expect(api.calls.at(-1)).toEqual({ method: 'settings.set', request: { authScheme: 'jwt' } })
    expect(radio('Device key (JWT)').checked).toBe(true)
    expect(screen.getByText('Saved. Your next sign-in uses it.').getAttribute('role')).toBe('status')
    expect(api.settingsValue.authScheme).toBe('jwt')
  })

  it('changes the method from the keyboard alone, with the arrow keys', async () => {
    const { api, user } = await openSettings()
    // From the heading: Done beside it, then the chosen method.
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Done' }))
    await user.tab()
    expect(document.activeElement).toBe(radio('Standard Plex token (recommended)'))
    await user.keyboard('{ArrowDown}')
    expect(radio('Device key (JWT)').checked).toBe(true)
    expect(api.calls.at(-1)).toEqual({ method: 'settings.set', request: { authScheme: 'jwt' } })
  })

  it('puts the method back and says why in plain words when main cannot save it', async () => {
    const { api, user } = await openSettings()
    api.failNext('settings.set', appError('unknown', { message: 'Plexkey could not save its settings in /home/jane/.config/Plexkey (disk full).' }))
    await user.click(radio('Device key (JWT)'))
    expect(radio('Standard Plex token (recommended)').checked).toBe(true)
    const status = screen.getByText("Couldn't save the sign-in method, so it is unchanged.")
    expect(status.getAttribute('role')).toBe('status')
    expect(status.textContent).toContain('(disk full)')
  })

  it('turns "start at login" on and off through main', async () => {
    const { api, user } = await openSettings()
    expect(atLogin().checked).toBe(false)
    await user.click(atLogin())
    expect(api.calls.at(-1)).toEqual({ method: 'settings.set', request: { openAtLogin: true } })
    expect(atLogin().checked).toBe(true)
    await user.click(atLogin())
    expect(api.calls.at(-1)).toEqual({ method: 'settings.set', request: { openAtLogin: false } })
    expect(atLogin().checked).toBe(false)
  })

  it('allows unencrypted server connections only when asked, saying what that costs, and puts it back when it cannot be saved', async () => {
    const { api, user } = await openSettings()
    const allow = screen.getByRole('checkbox', { name: 'Allow unencrypted server connections' }) as HTMLInputElement
    expect(allow.checked).toBe(false)
    expect(allow.getAttribute('aria-describedby')).not.toBeNull()
    expect(document.getElementById(allow.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/crosses the network in the clear/)
    await user.click(allow)
    expect(api.calls.at(-1)).toEqual({ method: 'settings.set', request: { allowUnencryptedServers: true } })
    expect(allow.checked).toBe(true)
    api.failNext('settings.set', appError('unknown', { message: 'Plexkey could not save its settings.' }))
    await user.click(allow)
    expect(allow.checked).toBe(true)
    expect(screen.getByText(/Couldn't change whether servers may be used without encryption/)).toBeDefined()
  })

  it('leaves "start at login" as it was when the system refuses the change', async () => {
    const { api, user } = await openSettings()
    api.failNext('settings.set', appError('unknown', { message: 'Plexkey could not change its login item.' }))
    await user.click(atLogin())
    expect(atLogin().checked).toBe(false)
    expect(screen.getByText(/Couldn't change whether Plexkey starts when you log in/).textContent).toContain('could not change its login item')
  })

  it('copies the client identifier through main, which knows it, and says so', async () => {
    const { api, user } = await openSettings()
    await user.click(screen.getByRole('button', { name: 'Copy identifier' }))
    expect(api.calls.at(-1)).toEqual({ method: 'app.copyClientId' })
    expect(within(screen.getByRole('region', { name: 'About' })).getByText('Copied.')).toBeTruthy()
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('Copied.')
  })

  it('shows version, platform and a selectable client identifier', async () => {
    await openSettings()
    const about = screen.getByRole('region', { name: 'About' })
    expect(within(about).getByText('Version').nextElementSibling?.textContent).toBe('0.1.0')
    expect(within(about).getByText('Platform').nextElementSibling?.textContent).toBe('Linux')
    const clientId = within(about).getByRole('textbox', { name: 'Client identifier' }) as HTMLInputElement
    expect(clientId.value).toBe('test-client')
    expect(clientId.readOnly).toBe(true)
    expect(clientId.getAttribute('aria-describedby')).not.toBeNull()
  })

  it('says plainly when the settings cannot be read, and tries again', async () => {
    const { api, user } = await renderApp({ kind: 'signed-out' })
    api.failNext('settings.get', appError('unknown', { message: 'Plexkey could not read settings.json (permission denied); defaults apply.' }))
    await user.click(settingsButton())
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain("Plexkey couldn't read its settings.")
    expect(alert.textContent).toContain('permission denied')
    expect(screen.queryByRole('radio')).toBeNull()
    await user.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('radio', { name: 'Standard Plex token (recommended)' })).toBeTruthy()
  })

  it('goes back on Escape and gives focus back to the Settings button', async () => {
    const { user } = await openSettings()
    await user.click(radio('Device key (JWT)'))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('heading', { level: 1, name: 'Settings' })).toBeNull()
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in to Plex' })).toBeTruthy()
    expect(document.activeElement).toBe(settingsButton())
    expect(settingsButton().className).not.toContain('header-button-active')
  })

  it('goes back with Done too, to whatever the sign-in became meanwhile, and announced it', async () => {
    const { user, show } = await openSettings(waiting([linkPin()]))
    await show(signedIn())
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('Signed in to Plex as Jane Doe.')
    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(screen.getByRole('heading', { level: 1, name: 'Signed in to Plex' })).toBeTruthy()
    expect(document.activeElement).toBe(settingsButton())
  })

  it('reads the settings afresh each time it opens', async () => {
    const { api, user } = await openSettings()
    await user.keyboard('{Escape}')
    api.settingsValue = { openAtLogin: true, authScheme: 'legacy', allowUnencryptedServers: false }
    await user.click(settingsButton())
    await screen.findByRole('radio', { name: 'Standard Plex token (recommended)' })
    expect(atLogin().checked).toBe(true)
    expect(api.callNames().filter((name) => name === 'settings.get')).toHaveLength(2)
  })
})
