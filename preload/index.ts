import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  PlexkeyApi,
  Unsubscribe,
} from './api'

/**
 * Builds `window.plexkey` from the contract and nothing else: one line per method, each naming a
 * contract channel, so the page gets capabilities rather than `ipcRenderer` itself.
 */

/** Void channels take no argument; the others take exactly their request type. */
type InvokeArgs<C extends InvokeChannel> = InvokeRequest<C> extends void ? [] : [request: InvokeRequest<C>]

function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResponse<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResponse<C>>
}

function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): Unsubscribe {
  // The event is dropped here: it carries `sender`, which is ipcRenderer itself.
  const wrapper = (_event: IpcRendererEvent, payload: EventPayload<C>): void => listener(payload)
  ipcRenderer.on(channel, wrapper)
  return () => {
    ipcRenderer.removeListener(channel, wrapper)
  }
}

const api = {
  auth: {
    getState: () => invoke('auth:get-state'),
    start: (request) => invoke('auth:start', request),
    cancel: () => invoke('auth:cancel'),
    openBrowser: () => invoke('auth:open-browser'),
    copy: (request) => invoke('auth:copy', request),
    checkNow: () => invoke('auth:check-now'),
    signOut: () => invoke('auth:sign-out'),
    onStateChanged: (listener) => subscribe('auth:state-changed', listener),
  },
  app: {
    getInfo: () => invoke('app:get-info'),
    openHelp: (request) => invoke('app:open-help', request),
    copyClientId: () => invoke('app:copy-client-id'),
  },
  settings: {
    get: () => invoke('settings:get'),
    set: (patch) => invoke('settings:set', patch),
  },
  servers: {
    refresh: () => invoke('servers:refresh'),
    copyAddress: (request) => invoke('servers:copy-address', request),
    openWeb: (request) => invoke('servers:open-web', request),
    onChanged: (listener) => subscribe('servers:changed', listener),
  },
  identities: {
    get: () => invoke('identities:get'),
    onChanged: (listener) => subscribe('identities:changed', listener),
  },
  accounts: {
    add: (request) => invoke('accounts:add', request),
    switch: (request) => invoke('accounts:switch', request),
    signOut: (request) => invoke('accounts:sign-out', request),
  },
  profiles: {
    switch: (request) => invoke('profiles:switch', request),
    onPinWanted: (listener) => subscribe('profiles:pin-wanted', listener),
  },
  tools: {
    list: () => invoke('tools:list'),
    revoke: (request) => invoke('tools:revoke', request),
  },
  devices: {
    list: () => invoke('devices:list'),
    remove: (request) => invoke('devices:remove', request),
  },
} satisfies PlexkeyApi

contextBridge.exposeInMainWorld('plexkey', api)
