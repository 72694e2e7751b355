import type { PlexkeyApi } from '../../../preload/api'

/** The contract the preload exposes. Throws when missing, so a broken preload fails loudly, not blankly. */
export function getPlexkeyApi(): PlexkeyApi {
  const api = window.plexkey
  if (!api) throw new Error('window.plexkey is missing: the page must be loaded by Plexkey.')
  return api
}
