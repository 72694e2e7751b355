import type { AccountListing, IdentitiesView } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { listKeptAccounts, titleOf } from '../account/kept-accounts'
import type { Clock } from '../clock'
import { type Logger, rememberSecret } from '../log'
import type { PlexClient } from '../plex/plex-types'
import { createAccountVerdicts } from './account-verdicts'
import { createAvatarCache } from './avatar-cache'
import { type HomeRead, profilesView, readHome } from './home-profiles'
import type { IdentitySource } from './identity-source'

/**
 * The accounts the keychain keeps and the active account's Home profiles, for the window and the
 * tray. `refresh` reads the keychain again, asks plex.tv about each kept token when its last
 * verdict is older than `recheckMs`, and lists the active account's Home; subscribers hear only a
 * view that differs from the last one. Call it whenever who is active may have changed (a sign-in,
 * a sign-out, an account or profile switch).
 */
export interface IdentityService extends IdentitySource {
  refresh(): Promise<void>
  /** Resolves once no refresh or picture fetch is running, including those started meanwhile. */
  settled(): Promise<void>
  /** Stops every request; the view stays as it was. */
  dispose(): void
}

export interface IdentityServiceOptions {
  readonly vault: CredentialVault
  readonly plex: PlexClient
  readonly clock: Clock
  readonly log: Logger
  /** How long plex.tv's word on a kept token stands before it is asked again (5 minutes unless given). */
  readonly recheckMs?: number
}

const RECHECK_MS = 5 * 60_000

interface Kept {
  readonly uuid: string
  readonly username: string
  readonly title: string
  readonly token: string
  readonly active: boolean
}

export function createIdentityService(options: IdentityServiceOptions): IdentityService {
  const { vault, plex, clock, log } = options
  const network = new AbortController()
  const verdicts = createAccountVerdicts(plex, clock, options.recheckMs ?? RECHECK_MS, network.signal, log)
  const running = new Set<Promise<void>>()
  const track = (work: Promise<void>): void => {
    const held: Promise<void> = work.catch(() => undefined).finally(() => running.delete(held))
    running.add(held)
  }
  const avatars = createAvatarCache(plex, network.signal, log, () => publish(), track)
  const listeners = new Set<(view: IdentitiesView) => void>()
  let kept: readonly Kept[] = []
  /** The Home shown, and whose it is. */
  let home: { readonly account: string | null; readonly read: HomeRead } = { account: null, read: { kind: 'no-home' } }
  /** Bumped by each refresh: an older one still running changes nothing once a newer one started. */
  let generation = 0
  let current: IdentitiesView = build()
  let shown = JSON.stringify(current)

  function build(): IdentitiesView {
    const accounts = kept.map((account): AccountListing => {
      const verdict = verdicts.of(account.token)
      return {
        uuid: account.uuid,
        username: account.username,
        title: account.title,
        avatar: avatars.get(verdict?.thumb ?? null),
        active: account.active,
        // The active account's health is the sign-in state's: this flags only the others.
        needsAttention: !account.active && verdict?.refused === true,
      }
    })
    return { accounts, profiles: profilesView(home.read, (thumb) => avatars.get(thumb)) }
  }

  function publish(): void {
    const next = build()
    const text = JSON.stringify(next)
    if (text === shown) return
    current = next
    shown = text
    for (const listener of [...listeners]) listener(next)
  }

  function refresh(): Promise<void> {
    const work = refreshNow()
    track(work)
    return work
  }

  async function refreshNow(): Promise<void> {
    if (network.signal.aborted) return
    const mine = ++generation
    const listed = await listKeptAccounts(vault)
    if (mine !== generation || network.signal.aborted) return
    if (!listed.ok) {
      // The accounts shown stay as they were: a keychain that cannot be read now says nothing new.
      log.warn('the kept accounts could not be read', { code: listed.error.code, message: listed.error.message })
      return
    }
    kept = listed.value.map(({ credential, active }) => {
      rememberSecret(credential.token)
      return { uuid: credential.accountKey, username: credential.username, title: titleOf(credential), token: credential.token, active }
    })
    const active = kept.find((account) => account.active) ?? null
    // Another account's Home is not shown as this one's while it loads; the same account's stays.
    if (home.account !== (active?.uuid ?? null)) {
      home = { account: active?.uuid ?? null, read: active ? { kind: 'loading' } : { kind: 'no-home' } }
    }
    publish()
    // Neither waits for the other: each is shown as soon as plex.tv has answered it.
    const still = (): boolean => mine === generation && !network.signal.aborted
    const listing = active
      ? readHome(plex, vault, active, () => clock.now(), network.signal).then((read) => {
          if (!still()) return
          home = { account: active.uuid, read }
          publish()
        })
      : null
    const checking = verdicts.check(kept.map((account) => account.token)).then((changed) => {
      if (changed && still()) publish()
    })
    await Promise.all([listing, checking])
  }

  return {
    view: () => current,
    subscribe(listener) {
      listeners.add(listener)
      return (): void => {
        listeners.delete(listener)
      }
    },
    refresh,
    async settled() {
      while (running.size > 0) await Promise.all([...running])
    },
    dispose: () => network.abort(),
  }
}
