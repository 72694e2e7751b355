import type { ClientIdentity } from '../account/client-identity'

/**
 * A header value as bytes the wire can carry. fetch sends header strings as latin1; plex.tv reads
 * X-Plex-* values as UTF-8 first, so non-ASCII names (a host called "Jürgen’s 山田") are sent as
 * their UTF-8 bytes. Control characters are dropped: they would make fetch throw.
 */
export function headerValue(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return Buffer.from(clean, 'utf8').toString('latin1')
}

/** The X-Plex-* headers every request carries (the six GetPinRequest fields), plus Accept: JSON. */
export function plexHeaders(identity: ClientIdentity, token?: string): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Plex-Client-Identifier': headerValue(identity.clientId),
    'X-Plex-Product': headerValue(identity.product),
    'X-Plex-Version': headerValue(identity.version),
    'X-Plex-Platform': headerValue(identity.platform),
    'X-Plex-Platform-Version': headerValue(identity.platformVersion),
    'X-Plex-Device': headerValue(identity.device),
    'X-Plex-Device-Name': headerValue(identity.deviceName),
  }
  if (token !== undefined) headers['X-Plex-Token'] = token
  return headers
}

/** A token that can go in a header as it is: visible ASCII only. */
export function isSendableToken(token: string): boolean {
  return /^[\x21-\x7e]{1,4096}$/.test(token)
}
