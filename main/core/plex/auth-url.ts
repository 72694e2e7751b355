import type { ClientIdentity } from '../account/client-identity'

/**
 * The hosted sign-in page for a strong PIN: `<auth>#?clientID=…&code=…&context[device][…]=…`.
 * The parameters live in the fragment, so they never reach a server log; every key and value is
 * percent-encoded (brackets as %5B/%5D), as Plex's own guide and the well-known clients do.
 */
export function buildAuthUrl(authBase: string, identity: ClientIdentity, code: string, forwardUrl?: string): string {
  const params: readonly (readonly [string, string])[] = [
    ['clientID', identity.clientId],
    ['code', code],
    // Where the page sends the browser once the person has approved (only ever our return page).
    ...(forwardUrl === undefined ? [] : [['forwardUrl', forwardUrl] as const]),
    ['context[device][product]', identity.product],
    ['context[device][version]', identity.version],
    ['context[device][platform]', identity.platform],
    ['context[device][platformVersion]', identity.platformVersion],
    ['context[device][device]', identity.device],
    ['context[device][deviceName]', identity.deviceName],
  ]
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  return `${authBase}#?${query}`
}
