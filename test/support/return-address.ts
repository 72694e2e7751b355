/** Reading the return page's address out of an opened sign-in page address (`…/auth#?…&forwardUrl=…`). */

/** The `forwardUrl` in the fragment, or null when there is none. */
export function forwardUrlOf(address: string): string | null {
  return new URLSearchParams(address.split('#?')[1] ?? '').get('forwardUrl')
}

/** The address as shown to the person: the same page without `forwardUrl`. */
export function withoutForwardUrl(address: string): string {
  return address.replace(/&forwardUrl=[^&]*/, '')
}

/** A return address as Plexkey makes them: 127.0.0.1, a port, and 43 base64url characters. */
export const RETURN_ADDRESS = /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/
