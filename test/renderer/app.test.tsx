import { act, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { errorState, linkPin, signedIn, snapshot, waiting } from './state-fixtures'

const statusRegion = () => screen.getByRole('status', { name: 'Sign-in status' })

describe('App', () => {
  it('draws nothing stale: an event with an older seq than the one shown is ignored', async () => {
    const { api } = await renderApp(signedIn(), 10)
    await act(async () => api.emit(snapshot(9, { kind: 'signed-out' })))
    expect(screen.getByRole('heading', { level: 1, name: 'Signed in to Plex' })).toBeTruthy()
  })

  it('announces each change of state in one polite live region', async () => {
    const { show } = await renderApp({ kind: 'restoring' })
    const region = statusRegion()
    expect(region.getAttribute('aria-live')).toBe('polite')
    expect(region.textContent).toBe('Checking your saved sign-in.')
    await show({ kind: 'signed-out' })
    expect(region.textContent).toBe('Signed out.')
    await show({ kind: 'starting', modes: ['link'] })
    expect(region.textContent).toBe('Asking plex.tv for a sign-in code.')
    await show(waiting([linkPin()]))
    expect(region.textContent).toBe('Waiting for you to approve the sign-in.')
    await show(signedIn())
    expect(region.textContent).toBe('Signed in to Plex as Jane Doe.')
    await show(errorState('network'))
    expect(region.textContent).toBe("Can't reach plex.tv")
    // Still the same element, so screen readers keep following it.
    expect(statusRegion()).toBe(region)
  })

  it('does not announce the countdown through the status region', async () => {
    const { advance } = await renderApp(waiting([linkPin()]))
    const before = statusRegion().textContent
    await advance(5000)
    expect(statusRegion().textContent).toBe(before)
  })

  it('keeps keyboard focus on the way just started as it turns into a code', async () => {
    const { user, show } = await renderApp({ kind: 'signed-out' })
    await user.tab()
    await user.tab()
    await user.keyboard('{Enter}')
    await show({ kind: 'starting', modes: ['link'] })
    const heading = screen.getByRole('heading', { level: 2, name: 'With a code on another device' })
    expect(document.activeElement).toBe(heading)
    await show(waiting([linkPin()]))
    expect(document.activeElement).toBe(heading)
    // And from there, Tab reaches the actions of that way.
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Copy code' }))
  })

  it('reaches every control of the waiting screen by Tab, in reading order', async () => {
    const { user } = await renderApp(waiting([linkPin()]))
    const names: string[] = []
    for (let i = 0; i < 3; i += 1) {
      await user.tab()
      const active = document.activeElement as HTMLElement
      names.push(active.getAttribute('aria-label') ?? active.textContent ?? '')
    }
    // The window opens on the way's heading, so the first Tab lands on the way's own action (Cancel
    // sits above, beside the title, and Shift+Tab reaches it); the other way comes last, in one line.
    expect(names).toEqual(['Copy code', 'Help with codes', 'Sign in with your browser instead'])
    await user.tab({ shift: true })
    await user.tab({ shift: true })
    await user.tab({ shift: true })
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel sign-in' }))
  })

  it('labels every button', async () => {
    await renderApp(waiting([linkPin(), { ...linkPin(), mode: 'browser', url: 'https://app.plex.tv/auth#?code=x', qrPayload: null }]))
    for (const control of screen.getAllByRole('button')) expect(control.textContent?.trim()).not.toBe('')
    expect(screen.queryAllByRole('textbox')).toEqual([])
  })

  it('has one h1 per screen', async () => {
    const { show } = await renderApp({ kind: 'signed-out' })
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1)
    await show(signedIn())
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1)
  })
})
