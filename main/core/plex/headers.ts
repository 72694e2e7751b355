import type { ClientIdentity } from '../account/client-identity'

/**
 * A header value as bytes the wire can carry. The Fetch standard (and Node's fetch) takes header
 * values as byte strings, one character per byte; plex.tv reads X-Plex-* values as UTF-8 first, so
 * non-ASCII names (a host called "Jürgen’s 山田") are given as their UTF-8 bytes. A transport that
 * encodes header strings itself (Electron's) undoes this with `headerText`. Control characters are
 * dropped: they would make fetch throw.
 */
export function headerValue(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return Buffer.from(clean, 'utf8').toString('latin1')
}

/**
 * The text a byte-string header value spells as UTF-8: what a transport that sends header strings
 * as UTF-8 (Electron's net) must be given, or the bytes go out encoded twice ("JÃ¼rgen"). Only byte
 * strings that are UTF-8 are accepted: anything else has no text to hand over, and guessing would
 * send plex.tv a name the user never chose.
 */
export function headerText(byteString: string): string {
  const text = Buffer.from(byteString, 'latin1').toString('utf8')
  // Characters past U+00FF, and bytes that are not UTF-8, do not survive the round trip.
  if (Buffer.from(text, 'utf8').toString('latin1') !== byteString) throw new TypeError('A header value is not a UTF-8 byte string.')
  return text
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
