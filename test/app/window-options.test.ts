import { describe, expect, it } from 'vitest'
import { createMainWindowOptions } from '../../main/app/window-options'

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions('/app/out/preload/index.js', { devTools: false, icon: '/app/icon.png' })
  const web = options.webPreferences ?? {}

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(web.preload).toBe('/app/out/preload/index.js')
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and everything risky off', () => {
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.experimentalFeatures).toBe(false)
    expect(web.enableBlinkFeatures).toBeUndefined()
    expect(web.webviewTag).toBe(false)
    expect(web.plugins).toBe(false)
    expect(web.enableWebSQL).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
    expect(web.disableBlinkFeatures).toBe('Auxclick')
    expect(web.partition).toBeUndefined()
  })

  it('sets every security option explicitly rather than trusting defaults', () => {
    for (const key of [
      'contextIsolation',
      'sandbox',
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'webviewTag',
    ] as const) {
      expect(Object.hasOwn(web, key), key).toBe(true)
    }
  })

  it('starts hidden, and allows developer tools only when asked', () => {
    expect(options.show).toBe(false)
    expect(web.devTools).toBe(false)
    expect(createMainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true)
    expect(createMainWindowOptions('/p').webPreferences?.devTools).toBe(false)
  })

  it('names the window and passes the icon only when given', () => {
    expect(options.title).toBe('Plexkey')
    expect(options.icon).toBe('/app/icon.png')
    expect('icon' in createMainWindowOptions('/p')).toBe(false)
  })
})
