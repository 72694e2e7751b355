import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { DeviceListing } from '../../preload/api'
import type { FakePlexkeyApi } from './fake-plexkey-api'
import { renderApp } from './render-app'
import { appError, NOW, signedIn } from './state-fixtures'

const DAY = 24 * 3600 * 1000
/** A name as hostile as plex.tv could pass on: bidi overrides, an escape, non-ASCII, and no place to break. */
const HOSTILE = `\u001b]0;pwned Ünïcödé 山田 \u202Egnp.exe\u202C ${'z'.repeat(80)}`

function device(id: number, name: string, extra: Partial<DeviceListing> = {}): DeviceListing {
  return {
    id,
    name,
    product: 'Plex Web',
    platform: 'Chrome',
    clientIdentifier: `client-${id}`,
    lastSeenAt: NOW - DAY,
    thisDesktop: false,
    tool: null,
    stale: false,
    ...extra,
  }
}

const DEVICES: readonly DeviceListing[] = [
  device(1, 'desk', { product: 'Plexkey', platform: 'Linux', lastSeenAt: NOW - 60_000, thisDesktop: true }),
  device(2, 'kometa (Plexkey)', { product: 'Plexkey', platform: 'Linux', lastSeenAt: NOW - 3 * 3600 * 1000, tool: 'kometa' }),
  device(3, 'Living Room TV', { product: 'Plex for Android (TV)', platform: 'Android' }),
  device(4, 'Old laptop', { product: 'Plex Web', platform: 'Firefox', lastSeenAt: NOW - 100 * DAY, stale: true }),
]

async function renderDevices(devices: readonly DeviceListing[], prepare?: (api: FakePlexkeyApi) => void) {
  const rendered = await renderApp(signedIn(), 1, (api) => {
    api.devicesValue = devices
    prepare?.(api)
  })
  const section = await screen.findByRole('region', { name: 'Where you’re signed in' })
  const toggle = within(section).getByRole('button', { name: 'Where you’re signed in' })
  await rendered.user.click(toggle)
  return { ...rendered, section, toggle }
}

const row = (section: HTMLElement, id: number) => section.querySelector<HTMLElement>(`li[data-device-id="${id}"]`)
const removes = (api: FakePlexkeyApi) => api.calls.filter((call) => call.method === 'devices.remove')
const lists = (api: FakePlexkeyApi) => api.callNames().filter((name) => name === 'devices.list').length

describe('the "Where you’re signed in" section', () => {
  it('lists each device with what it is and when last seen, marking this desktop and the tools and flagging the stale', async () => {
    const { section } = await renderDevices(DEVICES)
    // The count and the stale flag are beside the heading, seen while the section is folded too.
    expect(section.querySelector('.disclosure-heading')?.textContent).toBe('Where you’re signed in4 devices1 stale')
    const rows = within(section).getAllByRole('listitem')
    expect(rows.map((item) => item.querySelector('.device-name')?.textContent)).toEqual(['desk', 'kometa (Plexkey)', 'Living Room TV', 'Old laptop'])
    expect(rows.map((item) => item.querySelector('.listing-marks')?.textContent)).toEqual(['This desktop', 'Tool: kometa', '', 'Stale'])
    expect(rows.slice(0, 3).map((item) => item.querySelector('.listing-meta')?.textContent)).toEqual([
      'Plexkey · Linux · last seen 1 minute ago',
      'Plexkey · Linux · last seen 3 hours ago',
      'Plex for Android (TV) · Android · last seen 1 day ago',
    ])
    expect(rows[3]?.querySelector('.listing-meta')?.textContent).toMatch(/^Plex Web · Firefox · last seen on .*\d/)
    expect(within(section).getByText('Stale: not seen for 90 days or more. A device you no longer use is worth removing.')).toBeTruthy()
  })

  it('offers no Remove for this desktop, and points to signing out instead', async () => {
    const { section } = await renderDevices(DEVICES)
    const desk = row(section, 1) as HTMLElement
    expect(within(desk).queryByRole('button')).toBeNull()
    expect(desk.textContent).toContain('To remove it, sign out from the account menu above.')
    expect(within(section).getAllByRole('button', { name: /^Remove / }).map((button) => button.getAttribute('aria-label'))).toEqual([
      'Remove kometa (Plexkey)',
      'Remove Living Room TV',
      'Remove Old laptop',
    ])
  })

  it('removes a device by its id once confirmed, says its token no longer works, asks again and keeps focus in the section', async () => {
    const { api, user, section, toggle } = await renderDevices(DEVICES)
    const remove = within(section).getByRole('button', { name: 'Remove Living Room TV' })
    await user.click(remove)
    const dialog = screen.getByRole('dialog', { name: 'Remove this device?' })
    expect(dialog.querySelector('.dialog-subject')?.textContent).toBe('Living Room TV')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(removes(api)).toEqual([])
    expect(document.activeElement).toBe(remove)

    api.devicesValue = DEVICES.filter((d) => d.id !== 3)
    await user.click(remove)
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    expect(removes(api)).toEqual([{ method: 'devices.remove', request: { id: 3 } }])
    expect(await within(section).findByText('“Living Room TV” is removed from your account: its token no longer works.')).toBeTruthy()
    expect(lists(api)).toBe(2)
    // The device may have been a tool's: the tools are asked again alike.
    expect(api.callNames().filter((name) => name === 'tools.list')).toHaveLength(2)
    await waitFor(() => expect(row(section, 3)).toBeNull())
    // The row went with its button: once React has run its effects, focus is on the section's heading, not lost at the top of the page.
    await act(async () => undefined)
    expect(document.activeElement).toBe(toggle)
  })

  it('warns when plex.tv still accepts the removed device’s token', async () => {
    const { user, section } = await renderDevices(DEVICES, (api) => {
      api.removalValue = { tokenRefused: false }
    })
    await user.click(within(section).getByRole('button', { name: 'Remove Old laptop' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    const warning = await within(section).findByText(/^“Old laptop” is removed from your account, but plex\.tv still accepts its token\./)
    expect(warning.className).toContain('notice-warning')
  })

  it('says a device already gone in plain words, and shows the list as plex.tv has it now', async () => {
    const { api, user, section } = await renderDevices(DEVICES, (fake) => fake.failNext('devices.remove', appError('device-gone', { status: 404 })))
    api.devicesValue = DEVICES.filter((d) => d.id !== 4)
    await user.click(within(section).getByRole('button', { name: 'Remove Old laptop' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    expect(await within(section).findByText('“Old laptop” was not removed. plex.tv no longer lists it, so there was nothing left to remove.')).toBeTruthy()
    expect(lists(api)).toBe(2)
    expect(row(section, 4)).toBeNull()
  })

  it('shows a hostile name as text, without its bidi controls, on one line with the whole in its tooltip, and names it so', async () => {
    const { user, section } = await renderDevices([device(9, HOSTILE, { product: `${'P'.repeat(70)}\u202E`, platform: '<img src=x onerror=alert(1)>' })])
    const name = section.querySelector('bdi.device-name')
    const shown = HOSTILE.replace(/[\u202E\u202C]/g, '')
    expect(name?.textContent).toBe(shown)
    expect(name?.getAttribute('title')).toBe(shown)
    expect(section.querySelector('img')).toBeNull()
    expect(section.querySelector('.listing-meta')?.textContent).toBe(`${'P'.repeat(70)} · <img src=x onerror=alert(1)> · last seen 1 day ago`)
    await user.click(within(section).getByRole('button', { name: `Remove ${shown}` }))
    expect(screen.getByRole('dialog').querySelector('.dialog-subject bdi')?.textContent).toBe(shown)
  })

  it('shows five devices and folds the rest behind one button that counts them', async () => {
    const many = Array.from({ length: 8 }, (_, n) => device(n + 1, `Phone ${n + 1}`))
    const { user, section } = await renderDevices(many)
    expect(within(section).getAllByRole('listitem')).toHaveLength(5)
    await user.click(within(section).getByRole('button', { name: 'Show 3 more devices' }))
    expect(within(section).getAllByRole('listitem')).toHaveLength(8)
  })

  it('says plainly when the list cannot be read, and asks again when the window is visible again or back online', async () => {
    const { api, section } = await renderDevices(DEVICES, (fake) => fake.failNext('devices.list', appError('rate-limited')))
    expect(within(section).getByText('Too many requests reached plex.tv. Wait a minute, then try again.')).toBeTruthy()
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    expect(within(section).getAllByRole('listitem')).toHaveLength(4)
    await act(async () => {
      window.dispatchEvent(new Event('online'))
    })
    expect(lists(api)).toBe(3)
    // The tools are asked again alike.
    expect(api.callNames().filter((name) => name === 'tools.list')).toHaveLength(3)
  })
})
