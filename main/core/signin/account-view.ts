import type { AccountView } from '../../../preload/api'
import type { StoredCredential } from '../account/credential-vault'
import type { PlexUser } from '../plex/plex-types'

/** What the UI may know of an account that plex.tv just described. */
export function accountFromUser(user: PlexUser, avatar: string | null): AccountView {
  return {
    id: user.id,
    uuid: user.uuid,
    username: user.username,
    title: user.title,
    email: user.email,
    avatar,
    hasPlexPass: user.hasPlexPass,
  }
}

/**
 * The account as far as the keychain entry tells it, for when plex.tv cannot be asked. Nothing about
 * the account is cached outside the keychain, so what only plex.tv knows is null (not known, rather
 * than a made-up 0, "" or false) until the next successful check fills it in.
 */
export function accountFromCredential(credential: StoredCredential): AccountView {
  return {
    id: null,
    uuid: credential.accountKey,
    username: credential.username,
    title: credential.username,
    email: null,
    avatar: null,
    hasPlexPass: null,
  }
}
