import type { Clock } from '../clock'
import type { Logger } from '../log'
import type { PlexClient } from '../plex/plex-types'

/** What plex.tv last said of one saved token. */
export interface Verdict {
  /** plex.tv refused it (401/422): the account needs signing in again. */
  readonly refused: boolean
  /** The account's picture address, when plex.tv accepted the token. */
  readonly thumb: string | null
  readonly at: number
}

/**
 * Asks plex.tv about each kept account's token (GET /api/v2/user), in parallel, at most once per
 * `recheckMs` per token. Keyed by the token itself, so signing an account in again (a new token)
 * starts with no verdict. A token plex.tv could not be asked about (offline, 5xx) keeps its last
 * verdict and is asked again at the next refresh. Tokens never leave main.
 */
export interface AccountVerdicts {
  /** Resolves once every token due has been asked about; true when any verdict changed. */
  check(tokens: readonly string[]): Promise<boolean>
  of(token: string): Verdict | undefined
}

export function createAccountVerdicts(plex: PlexClient, clock: Clock, recheckMs: number, signal: AbortSignal, log: Logger): AccountVerdicts {
  const verdicts = new Map<string, Verdict>()
  const asking = new Map<string, Promise<boolean>>()

  async function ask(token: string): Promise<boolean> {
    const result = await plex.getUser(token, { signal }).catch(() => null)
    if (signal.aborted || result === null) return false
    const before = verdicts.get(token)
    if (result.ok) {
      verdicts.set(token, { refused: false, thumb: result.value.thumb, at: clock.now() })
    } else if (result.error.code === 'token-rejected') {
      log.warn('plex.tv refused the saved sign-in of a kept account; it needs signing in again', { status: result.error.status })
      verdicts.set(token, { refused: true, thumb: before?.thumb ?? null, at: clock.now() })
    } else {
      return false
    }
    const after = verdicts.get(token)
    return before?.refused !== after?.refused || before?.thumb !== after?.thumb
  }

  function due(token: string): boolean {
    const verdict = verdicts.get(token)
    return verdict === undefined || clock.now() - verdict.at >= recheckMs
  }

  return {
    async check(tokens) {
      // Forgotten tokens (signed out, replaced) are dropped, so the map holds only what is kept.
      for (const token of [...verdicts.keys()]) if (!tokens.includes(token)) verdicts.delete(token)
      const pending = tokens.filter(due).map((token) => {
        const running = asking.get(token) ?? ask(token).finally(() => asking.delete(token))
        asking.set(token, running)
        return running
      })
      return (await Promise.all(pending)).some(Boolean)
    },
    of: (token) => verdicts.get(token),
  }
}
