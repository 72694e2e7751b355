import { shell } from 'electron'
import type { Result } from '../../preload/api'
import { fail, okVoid } from '../core/result'
import { isAllowedExternalUrl } from '../core/url/external-url-policy'

export interface SafeOpenExternalOptions {
  /** Origins admitted besides the Plex allowlist (the PLEXKEY_AUTH_URL override, if any). */
  readonly extraOrigins?: readonly string[]
  readonly log: { warn(message: string, fields?: Readonly<Record<string, unknown>>): void }
}

/**
 * The only door to the system browser. A URL that fails the policy is refused, and what is opened
 * is the parsed, normalised form, never the raw string.
 */
export function createSafeOpenExternal(options: SafeOpenExternalOptions): (url: unknown) => Promise<Result<void>> {
  const extraOrigins = options.extraOrigins ?? []
  return async (url) => {
    if (!isAllowedExternalUrl(url, extraOrigins)) {
      options.log.warn('refused to open a URL outside the allowlist')
      return fail('forbidden', 'Plexkey only opens plex.tv pages in your browser.')
    }
    try {
      // The one shell.openExternal in the app, reached only by a URL that passed the policy above.
      await shell.openExternal(new URL(url).href) // eng-disable OPEN_EXTERNAL_JS_CHECK
      return okVoid
    } catch {
      return fail('unknown', 'Your browser could not be opened. Copy the address instead.', true)
    }
  }
}
