import type { Menu, MenuItemConstructorOptions, NativeImage } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { createTrayController, type TrayHandle } from '../../main/app/tray-controller'
import { loadTrayIcon, trayIconPath } from '../../main/app/tray-icons'
import { trayIconKeys, type TrayActions } from '../../main/app/tray-menu'
import type { IdentitiesView, ServersView } from '../../preload/api'
import { Menu as StandInMenu, standIn, StandInImage, Tray } from '../support/electron-stand-in'
import { signedInState } from '../support/signed-in-state'

beforeEach(() => standIn.reset())

const resources = `${process.cwd()}/resources`
let opened = 0
const serverClicks: string[] = []
const identityClicks: string[] = []
const actions: TrayActions = {
  signIn: () => undefined,
  checkNow: () => undefined,
  openWindow: () => {
    opened += 1
  },
  signOut: () => undefined,
  setOpenAtLogin: () => undefined,
  quit: () => undefined,
  copyServerAddress: (clientIdentifier) => {
    serverClicks.push(`copy ${clientIdentifier}`)
  },
  openServerInPlexWeb: (clientIdentifier) => {
    serverClicks.push(`web ${clientIdentifier}`)
  },
  switchAccount: (uuid) => {
    identityClicks.push(`account ${uuid}`)
  },
  switchProfile: (uuid) => {
    identityClicks.push(`profile ${uuid}`)
  },
  openPinPad: (uuid) => {
    identityClicks.push(`pin ${uuid}`)
  },
}

function controller(clickOpensWindow = true) {
  return createTrayController({
    createTray: (image) => new Tray(image as unknown as StandInImage) as unknown as TrayHandle,
    loadIcon: (key) => new StandInImage(trayIconPath(resources, key, 'linux')) as unknown as NativeImage,
    buildMenu: (template: MenuItemConstructorOptions[]) => StandInMenu.buildFromTemplate(template as never) as unknown as Menu,
    actions,
    clickOpensWindow,
  })
}

const signedIn = signedInState()

describe('createTrayController', () => {
  it('creates one tray on first render with the state’s icon, tooltip and menu', () => {
    const tray = controller()
    expect(tray.render({ kind: 'signed-out' }, { openAtLogin: false })).toBe(true)
    expect(Tray.instances).toHaveLength(1)
    const [instance] = Tray.instances
    expect(instance?.image?.path).toBe(`${resources}/tray/signed-out.png`)
    expect(instance?.tooltip).toBe('Plexkey: Signed out')
    expect(instance?.contextMenu?.items[0]?.label).toBe('Signed out')
  })

  it('does nothing when what the tray shows has not changed', () => {
    const tray = controller()
    tray.render({ kind: 'signed-out' }, { openAtLogin: false })
    expect(tray.render({ kind: 'signed-out' }, { openAtLogin: false })).toBe(false)
    // A new snapshot that draws the same (checkedAt is not shown) is no change either.
    tray.render(signedIn, { openAtLogin: false })
    const renders = Tray.instances[0]?.renders
    expect(tray.render({ ...signedIn, checkedAt: 99 }, { openAtLogin: false })).toBe(false)
    expect(Tray.instances[0]?.renders).toBe(renders)
    expect(Tray.instances).toHaveLength(1)
  })

  it('swaps the image only when the icon changes, and redraws the menu when the settings change', () => {
    const tray = controller()
    tray.render(signedIn, { openAtLogin: false })
    tray.render({ ...signedIn, health: 'checking' }, { openAtLogin: false })
    expect(Tray.instances[0]?.images.map((i) => i.path.split('/').pop())).toEqual(['signed-in.png'])
    tray.render({ ...signedIn, health: 'unreachable' }, { openAtLogin: false })
    tray.render({ kind: 'signed-out', reason: 'token-rejected' }, { openAtLogin: false })
    expect(Tray.instances[0]?.images.map((i) => i.path.split('/').pop())).toEqual([
      'signed-in.png',
      'unreachable.png',
      'attention.png',
    ])
    expect(tray.render({ kind: 'signed-out', reason: 'token-rejected' }, { openAtLogin: true })).toBe(true)
    const checkbox = Tray.instances[0]?.contextMenu?.items.find((i) => i.id === 'open-at-login')
    expect(checkbox?.checked).toBe(true)
  })

  it('opens the window on click where that is the custom, and not on macOS', () => {
    opened = 0
    controller(true).render({ kind: 'signed-out' }, { openAtLogin: false })
    Tray.instances[0]?.emit('click')
    expect(opened).toBe(1)
    controller(false).render({ kind: 'signed-out' }, { openAtLogin: false })
    Tray.instances[1]?.emit('click')
    expect(opened).toBe(1)
  })

  it('redraws on request even when nothing changed: a checkbox Electron toggled is put back', () => {
    const tray = controller()
    tray.render({ kind: 'signed-out' }, { openAtLogin: false })
    const menu = Tray.instances[0]?.contextMenu
    menu?.click('open-at-login')
    expect(menu?.find('open-at-login')?.checked).toBe(true)
    tray.redraw()
    expect(Tray.instances[0]?.renders).toBe(2)
    expect(Tray.instances[0]?.contextMenu?.find('open-at-login')?.checked).toBe(false)
  })

  it('knows the tray is on screen once it was clicked or its menu used', () => {
    const clicked = controller(false)
    clicked.render({ kind: 'signed-out' }, { openAtLogin: false })
    expect(clicked.seen()).toBe(false)
    Tray.instances[0]?.emit('click')
    expect(clicked.seen()).toBe(true)

    const used = controller()
    used.render({ kind: 'signed-out' }, { openAtLogin: false })
    expect(used.seen()).toBe(false)
    Tray.instances[1]?.contextMenu?.click('open')
    expect(used.seen()).toBe(true)
  })

  it('destroys the tray on dispose, and makes a new one if drawn again', () => {
    const tray = controller()
    tray.render({ kind: 'signed-out' }, { openAtLogin: false })
    tray.dispose()
    expect(Tray.instances[0]?.isDestroyed()).toBe(true)
    tray.render({ kind: 'signed-out' }, { openAtLogin: false })
    expect(Tray.instances).toHaveLength(2)
  })
})

describe('the Servers submenu', () => {
  const servers: ServersView = {
    checkedAt: 1,
    servers: [
      { name: 'Basement', clientIdentifier: 'b45e', owned: true, state: { kind: 'online', via: 'local', url: 'http://127.0.0.1:32400', rttMs: 4, encrypted: true } },
      { name: 'Cabin', clientIdentifier: 'cab1', owned: true, state: { kind: 'unreachable', tried: 2 } },
      { name: 'Attic', clientIdentifier: 'a771', owned: false, state: { kind: 'offline', tried: 1 } },
    ],
  }
  const submenuOf = (id: string) => Tray.instances[0]?.contextMenu?.items.find((i) => i.id === id)?.submenu

  it('lists each server with its state once signed in, and each entry copies or opens that server', () => {
    serverClicks.length = 0
    const tray = controller()
    tray.render({ kind: 'signed-out' }, { openAtLogin: false }, servers)
    expect(submenuOf('servers')).toBeUndefined()
    tray.render(signedIn, { openAtLogin: false }, null)
    expect(submenuOf('servers')?.items.map((i) => [i.label, i.enabled])).toEqual([['Looking for your servers…', false]])
    expect(tray.render(signedIn, { openAtLogin: false }, servers)).toBe(true)
    const entries = submenuOf('servers')?.items ?? []
    expect(entries.map((i) => [i.label, i.type])).toEqual([
      ['Basement: local, 4 ms', 'submenu'],
      ['Cabin: unreachable', 'submenu'],
      ['Attic: offline', 'submenu'],
    ])
    expect(entries.map((i) => i.submenu?.items.map((a) => [a.label, a.enabled ?? true]))).toEqual([
      [['Copy address', true], ['Open in Plex Web', true]],
      [['Copy address', false], ['Open in Plex Web', true]],
      [['Copy address', false], ['Open in Plex Web', true]],
    ])
    entries[0]?.submenu?.items[0]?.click?.()
    entries[2]?.submenu?.items[1]?.click?.()
    expect(serverClicks).toEqual(['copy b45e', 'web a771'])
    // A new probe that changes nothing visible redraws nothing; an empty account says so.
    expect(tray.render(signedIn, { openAtLogin: false }, { ...servers, checkedAt: 2 })).toBe(false)
    tray.render(signedIn, { openAtLogin: false }, { servers: [], checkedAt: 3 })
    expect(submenuOf('servers')?.items.map((i) => i.label)).toEqual(['No servers on this account'])
  })

  it('names a server used without encryption, and one that answers only so', () => {
    const tray = controller()
    tray.render(signedIn, { openAtLogin: false }, {
      checkedAt: 1,
      servers: [
        { name: 'Shed', clientIdentifier: '5hed', owned: true, state: { kind: 'online', via: 'local', url: 'http://192.168.1.9:32400', rttMs: 3, encrypted: false } },
        { name: 'Porch', clientIdentifier: 'p0rc', owned: true, state: { kind: 'unencrypted-only' } },
      ],
    })
    const entries = submenuOf('servers')?.items ?? []
    expect(entries.map((i) => i.label)).toEqual(['Shed: local without encryption, 3 ms', 'Porch: reachable only without encryption'])
    expect(entries.map((i) => i.submenu?.items[0]?.enabled ?? true)).toEqual([true, false])
  })
})

describe('the Account submenu', () => {
  const account = (uuid: string, active: boolean) => ({ uuid, username: uuid, title: uuid, avatar: null, active, needsAttention: false })
  const profile = (uuid: string, active: boolean, protectedByPin = false) => ({
    uuid,
    title: uuid,
    avatar: null,
    admin: uuid === 'owner',
    protected: protectedByPin,
    restricted: false,
    active,
  })
  const identities = (activeAccount: string): IdentitiesView => ({
    accounts: [account('alice', activeAccount === 'alice'), account('bob', activeAccount === 'bob')],
    profiles: { kind: 'listed', profiles: [profile('owner', true), profile('kid', false, true)] },
  })
  const checked = () =>
    (Tray.instances[0]?.contextMenu?.find('account')?.submenu?.items ?? []).filter((i) => i.checked).map((i) => i.id)

  it('puts the radio items back to what holds once a pick is passed on; the next view moves them', () => {
    identityClicks.length = 0
    const tray = controller()
    tray.render(signedIn, { openAtLogin: false }, null, identities('alice'))
    expect(checked()).toEqual(['account-alice', 'profile-owner'])
    // Electron checks the protected profile as it is picked; the PIN pad opens, and nothing has switched.
    const menu = Tray.instances[0]?.contextMenu
    menu?.click('profile-kid')
    expect(menu?.find('profile-kid')?.checked).toBe(true)
    expect(identityClicks).toEqual(['pin kid'])
    expect(checked()).toEqual(['account-alice', 'profile-owner'])
    expect(tray.seen()).toBe(true)

    Tray.instances[0]?.contextMenu?.click('account-bob')
    expect(identityClicks).toEqual(['pin kid', 'account bob'])
    expect(checked()).toEqual(['account-alice', 'profile-owner'])
    // The switch went through: the identities say so, and so does the menu.
    expect(tray.render(signedIn, { openAtLogin: false }, null, identities('bob'))).toBe(true)
    expect(checked()).toEqual(['account-bob', 'profile-owner'])
  })
})

describe('tray icons', () => {
  it('exist for every state, with Template images on macOS', () => {
    for (const key of trayIconKeys) {
      const linux = loadTrayIcon(resources, key, 'linux') as unknown as StandInImage
      expect(linux.isEmpty(), linux.path).toBe(false)
      expect(linux.isTemplateImage()).toBe(false)
      const mac = loadTrayIcon(resources, key, 'darwin') as unknown as StandInImage
      expect(mac.path.endsWith(`${key}Template.png`)).toBe(true)
      expect(mac.isEmpty(), mac.path).toBe(false)
      expect(mac.isTemplateImage()).toBe(true)
    }
  })
})
