import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ToolListing } from '../../preload/api'
import type { FakePlexkeyApi } from './fake-plexkey-api'
import { renderApp } from './render-app'
import { appError, NOW, signedIn } from './state-fixtures'

const HOUR = 3600 * 1000
const DAY = 24 * HOUR

const TOOLS: readonly ToolListing[] = [
  { name: 'kometa', clientIdentifier: 'c-kometa', createdAt: NOW - 3 * DAY, lastSeenAt: NOW - 2 * HOUR },
  { name: 'tautulli', clientIdentifier: 'c-tautulli', createdAt: NOW - 5 * 60 * 1000, lastSeenAt: null },
]

async function renderTools(tools: readonly ToolListing[], prepare?: (api: FakePlexkeyApi) => void) {
  const rendered = await renderApp(signedIn(), 1, (api) => {
    api.toolsValue = tools
    prepare?.(api)
  })
  const section = await screen.findByRole('region', { name: 'Tools' })
  const toggle = within(section).getByRole('button', { name: 'Tools' })
  return { ...rendered, section, toggle }
}

const revokes = (api: FakePlexkeyApi) => api.calls.filter((call) => call.method === 'tools.revoke')
const lists = (api: FakePlexkeyApi) => api.callNames().filter((name) => name === 'tools.list').length

describe('the Tools section', () => {
  it('asks main when it appears and starts folded under its heading, saying how many tools there are', async () => {
    const { api, section, toggle } = await renderTools(TOOLS)
    expect(lists(api)).toBe(1)
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(section.querySelector('.count')?.textContent).toBe('2 tools')
    expect(within(section).queryByRole('list')).toBeNull()
  })

  it('lists each tool with when it was created and last seen, and a Revoke button naming it', async () => {
    const { user, section, toggle } = await renderTools(TOOLS)
    await user.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const rows = within(section).getAllByRole('listitem')
    expect(rows.map((row) => row.querySelector('.tool-name')?.textContent)).toEqual(['kometa', 'tautulli'])
    expect(rows.map((row) => row.querySelector('.listing-meta')?.textContent)).toEqual([
      'Created 3 days ago · last seen 2 hours ago',
      'Created 5 minutes ago · last seen: not known',
    ])
    // The exact local time is in the tooltip, and machine-readable.
    const created = rows[0]?.querySelector('time')
    expect(created?.getAttribute('datetime')).toBe(new Date(NOW - 3 * DAY).toISOString())
    expect(created?.getAttribute('title')).toMatch(/\d/)
    expect(within(section).getAllByRole('button', { name: /^Revoke / }).map((button) => button.getAttribute('aria-label'))).toEqual([
      'Revoke kometa',
      'Revoke tautulli',
    ])
  })

  it('revokes only once confirmed, then says its token no longer works, asks for the list again and keeps focus in the section', async () => {
    const { api, user, section, toggle } = await renderTools(TOOLS)
    await user.click(toggle)
    const revoke = within(section).getByRole('button', { name: 'Revoke kometa' })
    await user.click(revoke)
    const dialog = screen.getByRole('dialog', { name: 'Revoke kometa?' })
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    // Everything behind the dialog is out of reach.
    expect(section.closest('[inert]')).not.toBeNull()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(revoke)
    expect(revokes(api)).toEqual([])

    await user.click(revoke)
    api.toolsValue = TOOLS.slice(1)
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }))
    expect(revokes(api)).toEqual([{ method: 'tools.revoke', request: { name: 'kometa' } }])
    expect(await within(section).findByText('kometa is revoked: its token no longer works.')).toBeTruthy()
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('kometa is revoked: its token no longer works.')
    expect(lists(api)).toBe(2)
    // The tool's device is gone from the devices list too: it is asked again alike.
    expect(api.callNames().filter((name) => name === 'devices.list')).toHaveLength(2)
    await waitFor(() => expect(within(section).getAllByRole('listitem').map((row) => row.dataset.tool)).toEqual(['tautulli']))
    // The row went with its button: once React has run its effects, focus is on the section's heading, not lost at the top of the page.
    await act(async () => undefined)
    expect(document.activeElement).toBe(toggle)
  })

  it('warns when plex.tv still accepts the revoked token, and says only "revoked" when there was none to check', async () => {
    const { api, user, section, toggle } = await renderTools(TOOLS, (fake) => {
      fake.removalValue = { tokenRefused: false }
    })
    await user.click(toggle)
    await user.click(within(section).getByRole('button', { name: 'Revoke kometa' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }))
    const warning = await within(section).findByText(/^kometa is revoked, but plex\.tv still accepts its token\./)
    expect(warning.className).toContain('notice-warning')
    // Said at once, not politely after whatever else is being read.
    expect(document.querySelector('[aria-live="assertive"]')?.textContent).toBe(warning.textContent)

    api.removalValue = { tokenRefused: null }
    await user.click(within(section).getByRole('button', { name: 'Revoke tautulli' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }))
    expect(await within(section).findByText('tautulli is revoked.')).toBeTruthy()
  })

  it('says in plain words when a revoke fails, and does not ask for the list again', async () => {
    const { api, user, section, toggle } = await renderTools(TOOLS, (fake) => fake.failNext('tools.revoke', appError('rate-limited')))
    await user.click(toggle)
    await user.click(within(section).getByRole('button', { name: 'Revoke kometa' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }))
    expect(await within(section).findByText('kometa was not revoked. Too many requests reached plex.tv. Wait a minute, then try again.')).toBeTruthy()
    expect(lists(api)).toBe(1)
    expect(within(section).getAllByRole('listitem')).toHaveLength(2)
  })

  it('says how a tool gets a device of its own when none has', async () => {
    const { user, section, toggle } = await renderTools([])
    expect(section.querySelector('.count')?.textContent).toBe('0 tools')
    await user.click(toggle)
    const empty = section.querySelector('.listing-empty')
    expect(empty?.textContent).toBe(
      'No tool has a device of its own yet. Run a tool with plexkey exec --as <tool> -- <command> and Plexkey signs it in as a device of its own, with a token you can revoke here without signing this desktop out.',
    )
    expect(empty?.querySelector('code')?.textContent).toBe('plexkey exec --as <tool> -- <command>')
  })

  it('shows that it is looking, then an error in plain words with a way to ask again', async () => {
    let release = (): void => undefined
    const { api, user, section, toggle } = await renderTools(TOOLS, (fake) => {
      release = fake.holdNext('tools.list')
      fake.failNext('tools.list', appError('network'))
    })
    await user.click(toggle)
    expect(section.getAttribute('aria-busy')).toBe('true')
    expect(within(section).getByText('Looking for your tools…')).toBeTruthy()
    await act(async () => release())
    expect(section.getAttribute('aria-busy')).toBeNull()
    expect(within(section).getByText('You seem to be offline, or plex.tv is down. Check your connection, then try again.')).toBeTruthy()
    await user.click(within(section).getByRole('button', { name: 'Try again' }))
    expect(lists(api)).toBe(2)
    expect(await within(section).findAllByRole('listitem')).toHaveLength(2)
  })
})
