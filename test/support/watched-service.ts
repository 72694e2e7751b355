import type { SignInState, Snapshot } from '../../preload/api'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { createSignInService, type SignInServiceOptions } from '../../main/core/signin/create-signin-service'
import type { SignInService } from '../../main/core/signin/signin-service'
import type { MemoryVault } from './memory-vault'
import { type SigninFixture, until } from './signin-fixture'

/** A sign-in service under test, with every snapshot it has published kept in order. */
export interface WatchedService<V extends CredentialVault = MemoryVault> {
  readonly svc: SignInService
  readonly vault: V
  readonly snapshots: Snapshot[]
  state(): SignInState
  /** Resolves once the state satisfies the predicate. */
  reach(predicate: (state: SignInState) => boolean, what: string): Promise<SignInState>
}

/** The sign-in service on the fixture's plex.tv client, clock, identity and logger, over `vault`. */
export function watchService<V extends CredentialVault = MemoryVault>(
  fx: SigninFixture,
  vault: V,
  options: Pick<SignInServiceOptions, 'policy' | 'authScheme' | 'listenForReturn'> = {},
): WatchedService<V> {
  const svc = createSignInService({ plex: fx.plex, vault, clock: fx.clock, identity: fx.identity, logger: fx.logger, ...options })
  const snapshots: Snapshot[] = []
  svc.subscribe((s) => snapshots.push(s))
  const state = () => svc.getSnapshot().state
  return {
    svc,
    vault,
    snapshots,
    state,
    reach: async (predicate, what) => {
      await until(() => predicate(state()), what)
      return state()
    },
  }
}
