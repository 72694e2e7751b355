import { beforeEach, describe, expect, it } from 'vitest'
import type { App, Session, WebContents } from 'electron'
import { denyAllPermissions, hardenWebContents, installHardening } from '../../main/app/harden'
import { app, session, standIn, StandInEvent, StandInWebContents } from '../support/electron-stand-in'

beforeEach(() => standIn.reset())

const origin = 'app://plexkey'
const harden = (contents: StandInWebContents) => hardenWebContents(contents as unknown as WebContents, () => origin)

function emitFrameNavigate(contents: StandInWebContents, url: string): boolean {
  const event = Object.assign(new StandInEvent(), { url, isMainFrame: false })
  contents.emit('will-frame-navigate', event)
  return event.defaultPrevented
}

function emitRedirect(contents: StandInWebContents, url: string): boolean {
  const event = new StandInEvent()
  contents.emit('will-redirect', event, url)
  return event.defaultPrevented
}

describe('hardenWebContents', () => {
  it('denies every window.open', () => {
    const contents = new StandInWebContents()
    harden(contents)
    for (const url of ['https://plex.tv/', 'app://plexkey/index.html', 'javascript:alert(1)']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
  })

  it('blocks navigation, frame navigation and redirects away from our origin', () => {
    const contents = new StandInWebContents()
    harden(contents)
    for (const url of ['https://plex.tv/', 'https://app.plex.tv/auth', 'file:///etc/passwd', 'app://evil/', 'http://localhost:5173/']) {
      expect(contents.tryNavigate(url), url).toBe(true)
      expect(emitFrameNavigate(contents, url), url).toBe(true)
      expect(emitRedirect(contents, url), url).toBe(true)
    }
  })

  it('lets the app move within its own origin', () => {
    const contents = new StandInWebContents()
    harden(contents)
    expect(contents.tryNavigate('app://plexkey/index.html')).toBe(false)
    expect(emitFrameNavigate(contents, 'app://plexkey/index.html#/settings')).toBe(false)
  })

  it('refuses to attach a <webview>', () => {
    const contents = new StandInWebContents()
    harden(contents)
    const event = new StandInEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.defaultPrevented).toBe(true)
  })
})

describe('installHardening', () => {
  it('hardens every webContents created after it, whoever creates it', () => {
    installHardening(app as unknown as App, () => origin)
    const contents = new StandInWebContents()
    app.emit('web-contents-created', new StandInEvent(), contents)
    expect(contents.windowOpenHandler?.({ url: 'https://plex.tv' })).toEqual({ action: 'deny' })
    expect(contents.tryNavigate('https://evil.example/')).toBe(true)
  })

  it('does not override certificate errors', () => {
    installHardening(app as unknown as App, () => origin)
    expect(app.listenerCount('certificate-error')).toBe(0)
  })
})

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    denyAllPermissions(session.defaultSession as unknown as Session)
    const answers: boolean[] = []
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      session.defaultSession.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), {})
      expect(session.defaultSession.permissionCheckHandler?.({}, permission, 'app://plexkey', {})).toBe(false)
    }
    expect(answers).toEqual([false, false, false, false, false])
  })
})
