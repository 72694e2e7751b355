/**
 * What the preload is in the app, for a page in plain Chromium: defines `window.plexkey` before any
 * page script runs (page.addInitScript), one method per contract channel, over the bridge server.
 * It is page-side JavaScript kept as text, so no build step can add helpers the page lacks.
 */
export const pageBridgeScript = String.raw`
(() => {
  const invoke = async (channel, args) => {
    const response = await fetch('/__plexkey/invoke/' + channel, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    })
    return response.json()
  }
  // One event stream for every contract event, open while anyone listens: snapshots arrive as
  // plain messages, the other channels as named events.
  const listeners = new Map()
  let source = null
  const dispatch = (channel) => (event) => {
    const payload = JSON.parse(event.data)
    for (const each of [...(listeners.get(channel) ?? [])]) each(payload)
  }
  const subscribe = (channel) => (listener) => {
    if (!listeners.has(channel)) listeners.set(channel, new Set())
    listeners.get(channel).add(listener)
    if (source === null) {
      source = new EventSource('/__plexkey/events')
      source.onmessage = dispatch('auth:state-changed')
      source.addEventListener('servers:changed', dispatch('servers:changed'))
      source.addEventListener('identities:changed', dispatch('identities:changed'))
      source.addEventListener('profiles:pin-wanted', dispatch('profiles:pin-wanted'))
    }
    return () => {
      listeners.get(channel).delete(listener)
      if ([...listeners.values()].every((set) => set.size === 0) && source !== null) {
        source.close()
        source = null
      }
    }
  }
  Object.defineProperty(window, 'plexkey', {
    configurable: false,
    writable: false,
    value: Object.freeze({
      auth: Object.freeze({
        getState: () => invoke('auth:get-state', []),
        start: (request) => invoke('auth:start', [request]),
        cancel: () => invoke('auth:cancel', []),
        openBrowser: () => invoke('auth:open-browser', []),
        copy: (request) => invoke('auth:copy', [request]),
        checkNow: () => invoke('auth:check-now', []),
        signOut: () => invoke('auth:sign-out', []),
        onStateChanged: subscribe('auth:state-changed'),
      }),
      app: Object.freeze({
        getInfo: () => invoke('app:get-info', []),
        openHelp: (request) => invoke('app:open-help', [request]),
        copyClientId: () => invoke('app:copy-client-id', []),
      }),
      settings: Object.freeze({
        get: () => invoke('settings:get', []),
        set: (patch) => invoke('settings:set', [patch]),
      }),
      servers: Object.freeze({
        refresh: () => invoke('servers:refresh', []),
        copyAddress: (request) => invoke('servers:copy-address', [request]),
        openWeb: (request) => invoke('servers:open-web', [request]),
        onChanged: subscribe('servers:changed'),
      }),
      identities: Object.freeze({
        get: () => invoke('identities:get', []),
        onChanged: subscribe('identities:changed'),
      }),
      accounts: Object.freeze({
        add: (request) => invoke('accounts:add', [request]),
        switch: (request) => invoke('accounts:switch', [request]),
        signOut: (request) => invoke('accounts:sign-out', [request]),
      }),
      profiles: Object.freeze({
        switch: (request) => invoke('profiles:switch', [request]),
        onPinWanted: subscribe('profiles:pin-wanted'),
      }),
      tools: Object.freeze({
        list: () => invoke('tools:list', []),
        revoke: (request) => invoke('tools:revoke', [request]),
      }),
      devices: Object.freeze({
        list: () => invoke('devices:list', []),
        remove: (request) => invoke('devices:remove', [request]),
      }),
    }),
  })
})()
`
