import { randomBytes } from 'node:crypto'
import { type FakeMediaServer, resourceOf } from './media-servers'
import type { FakeState } from './state'
import type { FakeUser } from './types'

/**
 * One server as /api/v2/resources lists it for this caller. A Home member sees the owner's own
 * servers (shared with it: owned false, home true) with an accessToken of its own, which the
 * server accepts; shared servers are the owner's, not the member's. A Plex JWT caller gets its
 * JWT as the accessToken of a server of the kind that refuses it, or of an owned one that takes it.
 */
export function resourceFor(
  state: FakeState,
  caller: { readonly token: string; readonly user: FakeUser },
  server: FakeMediaServer,
): Record<string, unknown> | undefined {
  const { user, token } = caller
  if (state.homes.isMember(user.uuid)) {
    if (!server.owned) return undefined
    const owner = state.homes.entriesFor(user)?.[0]?.user
    return {
      ...resourceOf(server),
      owned: false,
      home: true,
      ownerId: owner?.id ?? null,
      sourceTitle: owner?.title ?? null,
      accessToken: memberToken(state, server, user.uuid),
    }
  }
  const handsOutJwt = server.refusesJwt || (server.acceptsJwt && server.owned)
  if (handsOutJwt && state.tokenExpiresAt.has(token)) return { ...resourceOf(server), accessToken: token }
  return resourceOf(server)
}

/** A member's token for a server: made once, accepted by that server, remembered as issued. */
function memberToken(state: FakeState, server: FakeMediaServer, uuid: string): string {
  const key = `${server.clientIdentifier} ${uuid}`
  let token = state.homes.serverTokens.get(key)
  if (token === undefined) {
    token = randomBytes(10).toString('base64url')
    state.homes.serverTokens.set(key, token)
    state.issued.add(token)
    server.accept(token)
  }
  return token
}
