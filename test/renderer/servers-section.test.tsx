import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ServersView } from '../../preload/api'
import { renderApp } from './render-app'
import { appError, signedIn } from './state-fixtures'

const VIEW: ServersView = {
  checkedAt: 0,
  servers: [
    { name: 'Basement', clientIdentifier: 'b45e', owned: true, state: { kind: 'online', via: 'local', url: 'http://192.168.1.20:32400', rttMs: 4, encrypted: true } },
    { name: 'Friend 山田', clientIdentifier: 'f00d', owned: false, state: { kind: 'online', via: 'relay', url: 'https://relay.example:8443', rttMs: 120, encrypted: true } },
    { name: 'Cabin', clientIdentifier: 'cab1', owned: true, state: { kind: 'unreachable', tried: 2 } },
    { name: 'Nowhere', clientIdentifier: 'n0ne', owned: false, state: { kind: 'unreachable', tried: 0 } },
    { name: 'Attic', clientIdentifier: 'a771', owned: true, state: { kind: 'offline', tried: 1 } },
  ],
}

describe('the Servers section', () => {
  it('asks main once when it appears, and draws each server in one row: dot, name, state and a menu naming it', async () => {
    const { api, user } = await renderAppWith(VIEW)
    const section = await screen.findByRole('region', { name: 'Servers' })
    const items = within(section).getAllByRole('listitem')
    expect(items.map((item) => item.querySelector('.server-state [aria-hidden]')?.textContent)).toEqual([
      'local · 4 ms',
      'relay · 120 ms',
      'unreachable',
      'no address',
      'offline',
    ])
    // The same in words for screen readers and the tooltip.
    expect(items.map((item) => item.querySelector('.server-state .visually-hidden')?.textContent)).toEqual([
      'Online via local network, 4 ms',
      'Online via Plex relay, 120 ms',
      'Unreachable from this computer',
      'Unreachable: no address to try',
      'Offline',
    ])
    expect(within(items[1] as HTMLElement).getByText('Shared')).toBeDefined()
    expect(within(items[0] as HTMLElement).queryByText('Shared')).toBeNull()

    const menuItems = async (name: string) => {
      await user.click(within(section).getByRole('button', { name: `Actions for ${name}` }))
      const names = screen.getAllByRole('menuitem').map((item) => item.getAttribute('aria-label'))
      await user.keyboard('{Escape}')
      return names
    }
    expect(await menuItems('Basement')).toEqual(['Copy address of Basement', 'Open in Plex Web: Basement'])
    expect(await menuItems('Attic')).toEqual(['Open in Plex Web: Attic'])
    expect(document.activeElement).toBe(within(section).getByRole('button', { name: 'Actions for Attic' }))

    await user.click(within(section).getByRole('button', { name: 'Actions for Basement' }))
    await user.click(screen.getByRole('menuitem', { name: 'Copy address of Basement' }))
    await user.click(within(section).getByRole('button', { name: 'Actions for Attic' }))
    await user.click(screen.getByRole('menuitem', { name: 'Open in Plex Web: Attic' }))
    expect(api.calls.filter((c) => c.method.startsWith('servers.'))).toEqual([
      { method: 'servers.onChanged' },
      { method: 'servers.refresh' },
      { method: 'servers.copyAddress', request: { clientIdentifier: 'b45e' } },
      { method: 'servers.openWeb', request: { clientIdentifier: 'a771' } },
    ])
    expect(await within(items[0] as HTMLElement).findByText('Address copied.')).toBeDefined()
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe('Address copied.')
  })

  it('moves through a row’s menu with the arrow keys and closes it with Tab', async () => {
    const { user } = await renderAppWith(VIEW)
    const section = await screen.findByRole('region', { name: 'Servers' })
    within(section).getByRole('button', { name: 'Actions for Basement' }).focus()
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Copy address of Basement')
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Open in Plex Web: Basement')
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Copy address of Basement')
    await user.keyboard('{End}')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Open in Plex Web: Basement')
    await user.tab()
    expect(screen.queryByRole('menu')).toBeNull()
  })

  it('names a server without its bidi controls, so an override cannot reverse it', async () => {
    const hostile = { ...VIEW, servers: [{ ...VIEW.servers[0], name: 'Base\u202Erevres\u202C \u2067x\u2069' } as ServersView['servers'][number]] }
    await renderAppWith(hostile)
    const section = await screen.findByRole('region', { name: 'Servers' })
    const name = section.querySelector('bdi.server-name')
    expect(name?.textContent).toBe('Baserevres x')
    expect(name?.getAttribute('title')).toBe('Baserevres x')
    expect(within(section).getByRole('button', { name: 'Actions for Baserevres x' })).toBeDefined()
  })

  it('shows five servers and folds the rest behind one button that counts them', async () => {
    const many: ServersView = {
      checkedAt: 0,
      servers: Array.from({ length: 8 }, (_, n) => ({ name: `Server ${n + 1}`, clientIdentifier: `s${n}`, owned: true, state: { kind: 'offline', tried: 1 } as const })),
    }
    const { user } = await renderAppWith(many)
    const section = await screen.findByRole('region', { name: 'Servers' })
    await within(section).findByText('Server 1')
    expect(section.querySelector('.count')?.textContent).toBe('8 servers')
    expect(within(section).getAllByRole('listitem')).toHaveLength(5)
    await user.click(within(section).getByRole('button', { name: 'Show 3 more servers' }))
    expect(within(section).getAllByRole('listitem')).toHaveLength(8)
    await user.click(within(section).getByRole('button', { name: 'Show fewer servers' }))
    expect(within(section).getAllByRole('listitem')).toHaveLength(5)
  })

  it('says when a server is used without encryption, and when it answers only so, with the way to allow it', async () => {
    await renderAppWith({
      checkedAt: 0,
      servers: [
        { name: 'Shed', clientIdentifier: '5hed', owned: true, state: { kind: 'online', via: 'local', url: 'http://192.168.1.9:32400', rttMs: 3, encrypted: false } },
        { name: 'Porch', clientIdentifier: 'p0rc', owned: true, state: { kind: 'unencrypted-only' } },
      ],
    })
    const section = await screen.findByRole('region', { name: 'Servers' })
    const items = within(section).getAllByRole('listitem')
    expect(items.map((item) => item.querySelector('.server-state [aria-hidden]')?.textContent)).toEqual([
      'local · 3 ms · without encryption',
      'only without encryption',
    ])
    expect(items.map((item) => item.querySelector('.server-state .visually-hidden')?.textContent)).toEqual([
      'Online via local network without encryption, 3 ms',
      'Reachable only without encryption. To use it anyway, allow unencrypted server connections in Settings.',
    ])
    // The way to allow it is in sight, not only in a tooltip.
    expect(within(section).getByText(/^A server reachable only without encryption is not used\. To use it anyway, allow unencrypted server connections in Settings\.$/)).toBeTruthy()
  })

  it('asks again on Refresh, when the network comes back and when the window is visible again', async () => {
    const { api, user } = await renderAppWith(VIEW)
    const section = await screen.findByRole('region', { name: 'Servers' })
    await user.click(within(section).getByRole('button', { name: 'Refresh servers' }))
    await act(async () => {
      window.dispatchEvent(new Event('online'))
    })
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    expect(api.callNames().filter((name) => name === 'servers.refresh')).toHaveLength(4)
  })

  it('shows each list main sends of its own accord, and stops listening when it leaves', async () => {
    const { api, unmount } = await renderAppWith(VIEW)
    const section = await screen.findByRole('region', { name: 'Servers' })
    await within(section).findByText('local · 4 ms')
    const moved: ServersView = {
      checkedAt: 1,
      servers: [{ name: 'Basement', clientIdentifier: 'b45e', owned: true, state: { kind: 'online', via: 'remote', url: 'https://1-2-3-4.abc.plex.direct:32400', rttMs: 38, encrypted: true } }],
    }
    act(() => api.emitServers(moved))
    expect(within(section).getAllByRole('listitem').map((item) => item.querySelector('.server-state [aria-hidden]')?.textContent)).toEqual([
      'remote · 38 ms',
    ])
    // The list arrived without asking: main was not asked again.
    expect(api.callNames().filter((name) => name === 'servers.refresh')).toHaveLength(1)
    expect(api.serverListenerCount).toBe(1)
    unmount()
    expect(api.serverListenerCount).toBe(0)
  })

  it('says plainly when the list cannot be read, and says so when there are none', async () => {
    const failing = await renderAppWith(VIEW, appError('network'))
    expect(await within(await screen.findByRole('region', { name: 'Servers' })).findByText(/plex\.tv/)).toBeDefined()
    failing.unmount()
    await renderAppWith({ servers: [], checkedAt: 0 })
    expect(await screen.findByText('There are no Plex Media Servers on this account.')).toBeDefined()
  })
})

function renderAppWith(view: ServersView, failure?: ReturnType<typeof appError>) {
  return renderApp(signedIn(), 1, (api) => {
    api.serversValue = view
    if (failure) api.failNext('servers.refresh', failure)
  })
}
