import { z } from 'zod'
import { isSendableToken } from './headers'
import type { PlexPin, PlexResource, PlexUser } from './plex-types'

/*
 * What Plexkey needs from plex.tv's answers. Unknown fields are ignored (plex.tv adds fields
 * freely); a missing or mistyped field that Plexkey relies on makes the answer a bad response.
 * Every string has a ceiling far above anything plex.tv sends, so a hostile answer cannot hand
 * the window, the QR encoder or a terminal a value they choke on.
 */

/** An identifier (uuid, client id): short, whatever plex.tv's format of the day. */
const identifier = z.string().min(1).max(128)
/** A name or address meant for people. */
const text = z.string().max(512)

const pinSchema = z
  .object({
    id: z.int().positive(),
    // 4 characters for plex.tv/link, 25 for the hosted page; typed by people and put in a QR code.
    code: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
    clientIdentifier: identifier,
    expiresAt: z.string().max(64).nullish(),
    expiresIn: z.number().nullish(),
    // Plex JWTs are about a kilobyte; 16 KiB as for the JWT endpoints.
    authToken: z.string().max(16_384).nullish(),
  })
  .refine((pin) => (pin.expiresAt != null && !Number.isNaN(Date.parse(pin.expiresAt))) || pin.expiresIn != null, {
    message: 'expiresAt or expiresIn is required',
    path: ['expiresAt'],
  })

const userSchema = z.object({
  id: z.int(),
  uuid: identifier,
  username: text,
  title: text,
  // Managed (home) users may have no email address.
  email: text.nullish(),
  thumb: z.string().max(2048).nullish(),
  subscription: z.object({ active: z.boolean() }).nullish(),
})

const resourcesSchema = z.array(
  z.object({
    name: text,
    product: text,
    clientIdentifier: identifier,
    provides: text,
    owned: z.boolean(),
    presence: z.boolean(),
    // Players and some shared servers come without one.
    accessToken: z.string().nullish(),
    httpsRequired: z.boolean().nullish(),
    connections: z
      .array(
        z.object({
          protocol: z.string(),
          address: z.string(),
          port: z.int(),
          uri: z.string(),
          local: z.boolean(),
          relay: z.boolean(),
          IPv6: z.boolean().nullish(),
        }),
      )
      .nullish(),
  }),
)

/** Where a response failed validation: paths only, never values (they can hold tokens). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] }

export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
}

export function parsePin(json: unknown, now: number): Parsed<PlexPin> {
  const parsed = pinSchema.safeParse(json)
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
  const pin = parsed.data
  const expiresAt =
    pin.expiresAt != null && !Number.isNaN(Date.parse(pin.expiresAt)) ? Date.parse(pin.expiresAt) : now + (pin.expiresIn ?? 0) * 1000
  return {
    ok: true,
    value: {
      id: pin.id,
      code: pin.code,
      clientIdentifier: pin.clientIdentifier,
      expiresAt,
      // An empty string is no token either.
      authToken: pin.authToken ? pin.authToken : null,
    },
  }
}

export function parseUser(json: unknown): Parsed<PlexUser> {
  const parsed = userSchema.safeParse(json)
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
  const user = parsed.data
  return {
    ok: true,
    value: {
      id: user.id,
      uuid: user.uuid,
      username: user.username,
      title: user.title || user.username,
      email: user.email ?? '',
      thumb: user.thumb ? user.thumb : null,
      hasPlexPass: user.subscription?.active === true,
    },
  }
}

export function parseResources(json: unknown): Parsed<readonly PlexResource[]> {
  const parsed = resourcesSchema.safeParse(json)
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
  return {
    ok: true,
    value: parsed.data.map((r) => ({
      name: r.name,
      product: r.product,
      clientIdentifier: r.clientIdentifier,
      provides: r.provides
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
      owned: r.owned,
      presence: r.presence,
      // A token goes into a header and is printed by `token --server`: checked as the account
      // token is, visible ASCII only, so a hostile list cannot hand a terminal an escape sequence
      // or a header a line break. A server with a token unfit to use has none; the others keep theirs.
      accessToken: r.accessToken && isSendableToken(r.accessToken) ? r.accessToken : null,
      httpsRequired: r.httpsRequired === true,
      connections: (r.connections ?? []).map((c) => ({
        protocol: c.protocol,
        address: c.address,
        port: c.port,
        uri: c.uri,
        local: c.local,
        relay: c.relay,
        ipv6: c.IPv6 === true,
      })),
    })),
  }
}
