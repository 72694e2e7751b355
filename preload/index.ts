import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type {
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  PlexkeyApi,
  Snapshot,
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

function onStateChanged(listener: (snapshot: Snapshot) => void): Unsubscribe {
  // The event is dropped here: it carries `sender`, which is ipcRenderer itself.
  const wrapper = (_event: IpcRendererEvent, snapshot: Snapshot): void => listener(snapshot)
  ipcRenderer.on('auth:state-changed', wrapper)
  return () => {
    ipcRenderer.removeListener('auth:state-changed', wrapper)
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
    onStateChanged,
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
  },
} satisfies PlexkeyApi

contextBridge.exposeInMainWorld('plexkey', api)
