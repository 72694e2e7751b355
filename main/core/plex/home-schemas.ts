import { z } from 'zod'
import type { PlexHome } from './plex-types'
import { issuesOf, type Parsed } from './schemas'

/* The Home endpoints' answers: the user list, and the one field Plexkey reads from a switch. */

const homeUserSchema = z.object({
  id: z.int(),
  uuid: z.string().min(1).max(128),
  title: z.string().max(512),
  // Managed users have no username; plex.tv sends '' or null.
  username: z.string().max(512).nullish(),
  thumb: z.string().max(2048).nullish(),
  admin: z.boolean().nullish(),
  guest: z.boolean().nullish(),
  restricted: z.boolean().nullish(),
  protected: z.boolean().nullish(),
})

// A Plex Home holds at most 15 users; a list far longer is no Home plex.tv made.
const homeSchema = z.object({ users: z.array(homeUserSchema).max(100) })

/**
 * The switch answer is a whole user object, but only its token is read: plex.tv changed other
 * fields of it in 2026 (clients that parsed them broke), and it can carry the profile's PIN.
 */
const switchSchema = z.object({ authToken: z.string().min(1).max(16_384) })

export function parseHome(json: unknown): Parsed<PlexHome> {
  const parsed = homeSchema.safeParse(json)
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
  const { users } = parsed.data
  // A Home of one is the owner alone: no Plex Home.
  if (users.length <= 1) return { ok: true, value: { kind: 'no-home' } }
  return {
    ok: true,
    value: {
      kind: 'home',
      users: users.map((u) => ({
        id: u.id,
        uuid: u.uuid,
        title: u.title,
        username: u.username ?? '',
        thumb: u.thumb ? u.thumb : null,
        admin: u.admin === true,
        guest: u.guest === true,
        restricted: u.restricted === true,
        protected: u.protected === true,
      })),
    },
  }
}

export function parseSwitchToken(json: unknown): Parsed<string> {
  const parsed = switchSchema.safeParse(json)
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
  return { ok: true, value: parsed.data.authToken }
}
