import type { RemovalOutcome, Result, ToolListing } from '../../preload/api'
import type { ClientIdentity } from '../core/account/client-identity'
import type { CredentialVault } from '../core/account/credential-vault'
import type { Logger } from '../core/log'
import { plainError } from '../core/plex/plain-error'
import type { PlexClient } from '../core/plex/plex-types'
import { err, fail, ok } from '../core/result'
import { listTools, revokeTool, type ToolContext } from '../core/tools/tool-devices'
import { activeToolOwner } from '../core/tools/tool-owner'

/** What the window's Tools section may do. Never a token: the tools' own stay in the keychain and in here. */
export interface ToolActions {
  /** The active account's tools, oldest first, each with when plex.tv last saw its device. */
  list(): Promise<Result<readonly ToolListing[]>>
  /** Removes the tool's device at plex.tv and its keychain record, then checks that plex.tv refuses its token. */
  revoke(name: string): Promise<Result<RemovalOutcome>>
}

export interface ToolActionDeps {
  readonly vault: CredentialVault
  /** The account's plex.tv client (this install's identity). */
  readonly plex: PlexClient
  /** The same client speaking as a tool's device, on the same transport. */
  readonly clientFor: (identity: ClientIdentity) => PlexClient
  readonly install: ClientIdentity
  readonly now: () => number
  readonly log: Logger
}

export function createToolActions(deps: ToolActionDeps): ToolActions {
  /** The active account's tools, read fresh each time: a sign-in or sign-out in between counts. */
  const context = async (): Promise<Result<ToolContext>> => {
    const active = await deps.vault.loadActive()
    if (!active.ok) return active
    if (active.value === null) return fail('invalid-state', 'Sign in to Plex to see the tools with a device of their own.')
    const { accountKey, token } = active.value
    const owner = await activeToolOwner(deps.vault, accountKey, token)
    if (!owner.ok) return owner
    const { vault, plex, clientFor, install, log } = deps
    return ok({ vault, accountUuid: accountKey, plex, clientFor, install, owner: owner.value, logger: log })
  }
  // Plain data across IPC: a Retry-After as the time it points to, the client's own fields left in main.
  const plain = <T>(result: Result<T>): Result<T> => (result.ok ? result : err(plainError(result.error, deps.now())))

  return {
    list: async () => {
      const ctx = await context()
      return ctx.ok ? plain(await listTools(ctx.value)) : ctx
    },
    revoke: async (name) => {
      const ctx = await context()
      if (!ctx.ok) return ctx
      const removed = await revokeTool(ctx.value, name)
      if (!removed.ok) return plain(removed)
      const { tokenRefused } = removed.value
      if (tokenRefused === false) deps.log.warn('plex.tv still accepts the token of a revoked tool', { tool: name })
      // deviceWasGone stays here: the window says the same either way (the tool is revoked).
      return ok({ tokenRefused })
    },
  }
}
