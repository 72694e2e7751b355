import { z } from 'zod'
import { rememberSecret } from '../log'
import type { PlexDevice } from './plex-types'
import { issuesOf, type Parsed } from './schemas'

/*
 * The device list. plex.tv puts every device's token in it (CVE-2025-69416 was that list reaching
 * the wrong caller): the schema names no `token` field, so zod drops it here, before anything
 * else holds the list.
 */

const text = z.string().max(512)
/** Unix seconds (the XML form), or an ISO date (the JSON form of other v2 lists). */
const time = z.union([z.number(), z.string().max(64)]).nullish()

const devicesSchema = z.array(
  z.object({
    id: z.int().positive(),
    name: text.nullish(),
    product: text.nullish(),
    productVersion: text.nullish(),
    platform: text.nullish(),
    clientIdentifier: z.string().min(1).max(256),
    createdAt: time,
    lastSeenAt: time,
    provides: text.nullish(),
  }),
)

/** Epoch ms from seconds or an ISO date; null for none or nonsense. */
function epochMs(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const seconds = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : undefined
  const ms = seconds !== undefined ? seconds * 1000 : Date.parse(value as string)
  return Number.isFinite(ms) ? ms : null
}

export function parseDevices(json: unknown): Parsed<readonly PlexDevice[]> {
  const parsed = devicesSchema.safeParse(json)
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
  return {
    ok: true,
    value: parsed.data.map((d) => ({
      id: d.id,
      name: d.name ?? '',
      product: d.product ?? '',
      productVersion: d.productVersion ?? '',
      platform: d.platform ?? '',
      clientIdentifier: d.clientIdentifier,
      createdAt: epochMs(d.createdAt),
      lastSeenAt: epochMs(d.lastSeenAt),
      provides: (d.provides ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    })),
  }
}

/** One device's entry in the list: found with its token (null: plex.tv listed none), or not listed. */
export type DeviceToken = { readonly listed: true; readonly token: string | null } | { readonly listed: false }

const idsSchema = z.array(z.object({ id: z.int() }))
const tokenSchema = z.object({ token: z.string().min(1).max(4096) })

/**
 * The token of device `id` alone, read from the list the moment it is removed, so that its death
 * can be checked afterwards. Every other device's token is left unread, and this one is
 * remembered as a secret at once: a log line that ever held it shows it masked.
 */
export function parseDeviceToken(id: number): (json: unknown) => Parsed<DeviceToken> {
  return (json) => {
    const ids = idsSchema.safeParse(json)
    if (!ids.success) return { ok: false, issues: issuesOf(ids.error) }
    const at = ids.data.findIndex((device) => device.id === id)
    if (at < 0) return { ok: true, value: { listed: false } }
    const entry = tokenSchema.safeParse((json as readonly unknown[])[at])
    if (!entry.success) return { ok: true, value: { listed: true, token: null } }
    rememberSecret(entry.data.token)
    return { ok: true, value: { listed: true, token: entry.data.token } }
  }
}
