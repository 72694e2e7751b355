import type { PlexHomeUser } from '../plex/plex-types'

/**
 * The uuid of the Home profile the account's token speaks for. Until a profile can be chosen it is
 * always the owner's: the admin of the Home. Null when plex.tv names no admin.
 */
export function activeProfileUuid(users: readonly PlexHomeUser[]): string | null {
  return users.find((user) => user.admin)?.uuid ?? null
}
