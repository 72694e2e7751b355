import type { Logger } from '../log'
import type { PlexClient } from '../plex/plex-types'

/**
 * Pictures of accounts and Home profiles, fetched by main as `data:` URLs (the window's CSP allows
 * no remote image). `get` never waits: it answers what is cached (null until it arrives) and starts
 * the fetch once per address; `onLoaded` hears when a new one is there. A failed fetch is not
 * retried: the row shows without a picture.
 */
export interface AvatarCache {
  get(url: string | null): string | null
}

export function createAvatarCache(
  plex: PlexClient,
  signal: AbortSignal,
  log: Logger,
  onLoaded: () => void,
  track: (work: Promise<void>) => void,
): AvatarCache {
  const pictures = new Map<string, string | null>()
  return {
    get(url) {
      if (!url) return null
      if (pictures.has(url)) return pictures.get(url) ?? null
      pictures.set(url, null)
      const fetched = plex.fetchAvatar(url, { signal }).then(
        (result) => {
          if (signal.aborted || !result.ok) return
          pictures.set(url, result.value)
          onLoaded()
        },
        () => log.warn('an avatar could not be fetched'),
      )
      track(fetched)
      return null
    },
  }
}
