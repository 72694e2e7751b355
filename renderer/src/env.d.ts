import type { PlexkeyApi } from '../../preload/api'

declare global {
  interface Window {
    /** Built by the preload from the IPC contract; absent only when the page runs outside Plexkey. */
    readonly plexkey?: PlexkeyApi
  }
}
