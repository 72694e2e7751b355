import type { FakePlex, FakeUser } from './server'

/** One raw exchange with the fake: status, content type, body text. Redirects are not followed. */
export interface RawAnswer {
  readonly status: number
  readonly type: string
  readonly text: string
}

export async function rawHttp(fake: FakePlex, path: string, init: RequestInit = {}): Promise<RawAnswer> {
  const res = await fetch(`${fake.url}${path}`, { redirect: 'manual', ...init })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

/** The X-Plex-* headers of a client, asking for JSON, with a token when given one. */
export function clientHeaders(clientId: string, token?: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Accept: 'application/json',
    'X-Plex-Client-Identifier': clientId,
    'X-Plex-Product': 'Plexkey',
    ...(token === undefined ? {} : { 'X-Plex-Token': token }),
    ...extra,
  }
}

/** A header value as the UTF-8 bytes clients send (fetch takes header values as byte strings). */
export function utf8Header(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

/** A PIN made over HTTP by this client; returns its id and code. */
export async function createPinAs(
  fake: FakePlex,
  clientId: string,
  extraHeaders: Record<string, string> = {},
  strong = false,
): Promise<{ id: number; code: string }> {
  const res = await rawHttp(fake, `/api/v2/pins?strong=${strong}`, { method: 'POST', headers: clientHeaders(clientId, undefined, extraHeaders) })
  if (res.status !== 201) throw new Error(`PIN creation answered ${res.status}`)
  return JSON.parse(res.text) as { id: number; code: string }
}

/** A complete sign-in of this client as the account (default: the fake's default account): its token. */
export async function signInAs(fake: FakePlex, clientId: string, user?: Partial<FakeUser>): Promise<string> {
  const pin = await createPinAs(fake, clientId, { 'X-Plex-Device-Name': utf8Header('Desk’s Linux 山田'), 'X-Plex-Platform': 'Linux' })
  return fake.approve(pin.id, user)
}
