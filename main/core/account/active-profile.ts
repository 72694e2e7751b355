import type { PlexHomeUser } from '../plex/plex-types'

/**
 * The uuid of the Home profile the account speaks for: the Home user made active (`active`, from
 * the account's profiles entry), else the account itself. Null when the Home lists neither (the
 * active user was removed from the Home): then no profile is marked rather than the wrong one.
 */
export function activeProfileUuid(users: readonly PlexHomeUser[], accountUuid: string, active: string | null): string | null {
  const wanted = active ?? accountUuid
  return users.some((user) => user.uuid === wanted) ? wanted : null
}
