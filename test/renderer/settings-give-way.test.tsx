import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { browserPin, linkPin, signedIn, waiting } from './state-fixtures'

const settingsButton = () => screen.getByRole('button', { name: 'Settings' })
const settingsHeading = () => screen.queryByRole('heading', { level: 1, name: 'Settings' })

describe('Settings give way to a sign-in started elsewhere', () => {
  it('closes when a re-authentication from the tray starts, and shows the sign-in', async () => {
    const { user, show } = await renderApp({ kind: 'signed-out', reason: 'token-rejected' })
    await user.click(settingsButton())
    expect(settingsHeading()).not.toBeNull()

    await show({ kind: 'starting', modes: ['browser'] })
    expect(settingsHeading()).toBeNull()
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in to Plex' })).toBeTruthy()
    expect(settingsButton().className).not.toContain('header-button-active')
  })

  it('closes when the state moves straight into waiting', async () => {
    const { user, show } = await renderApp(signedIn())
    await user.click(settingsButton())
    await show(waiting([browserPin()]))
    expect(settingsHeading()).toBeNull()
  })

  it('stays open when opened during a sign-in, while that sign-in goes on', async () => {
    const { user, show } = await renderApp(waiting([linkPin()]))
    await user.click(settingsButton())
    await show(waiting([linkPin({ renewals: 1 })]))
    await show(waiting([linkPin({ renewals: 1 }), browserPin()]))
    expect(settingsHeading()).not.toBeNull()
  })
})
