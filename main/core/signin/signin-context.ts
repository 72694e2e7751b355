import type { AccountView, AuthScheme, PinMode, PinView, RetryNotice } from '../../../preload/api'
import type { CredentialVault, StoredCredential } from '../account/credential-vault'
import { type Clock, systemClock } from '../clock'
import { createJwtAuth, type JwtAuth } from '../jwt/jwt-auth'
import { createLogger, type Logger } from '../log'
import type { PlexClient } from '../plex/plex-types'
import { fail } from '../result'
import type { Random } from './backoff'
import type { BrowserReturn } from './browser-return'
import type { PinSession } from './pin-session'
import { type ListenForReturn, listenForReturn } from './return-listener'
import { resolveSignInPolicy, type SignInPolicy, type SignInServiceOptions } from './signin-policy'
import { createSignInStore, type SignInStore } from './signin-store'

/** The active account: its keychain entry, and what the UI may see of it. */
export interface Active {
  readonly credential: StoredCredential
  readonly account: AccountView
  /** The avatar address the account view's picture came from, to fetch it again only on change. */
  readonly thumb: string | null
  /** When a Plex JWT falls due for refresh (epoch ms); null for a legacy token. */
  readonly refreshAt: number | null
}

/** One running PIN session and the latest it told us. */
export interface Running {
  readonly session: PinSession
  view: PinView | null
  retry: RetryNotice | null
  /** Browser mode, once its page is opened on this machine: the page the browser returns to. */
  browserReturn: BrowserReturn | null
}

/**
 * What the parts of the sign-in service (PIN sign-in, token health, sign-out) share: their
 * dependencies, the one store, and the little state that decides who may act now. It is mutable
 * on purpose, as the variables of one closure would be, and never leaves the service.
 */
export interface SignInContext {
  readonly plex: PlexClient
  readonly vault: CredentialVault
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  readonly policy: SignInPolicy
  readonly clientId: string | undefined
  /** The device-key scheme, when the client id is known (it is the issuer of device JWTs). */
  readonly jwt: JwtAuth | null
  /** The scheme of the next sign-in. */
  readonly authScheme: () => AuthScheme
  /** Starts the browser way's return page; when it cannot, the plain page is opened and polled as usual. */
  readonly listenForReturn: ListenForReturn
  readonly store: SignInStore
  /** Aborts the requests made outside PIN sessions (health, avatar, sign-out) when we shut down. */
  readonly network: AbortController
  /** The PIN sessions running now, one per mode, in the order they started. */
  readonly sessions: Map<PinMode, Running>
  active: Active | null
  /** Keeps work that runs on after the state has moved on (a browser's return page lingering) for settled(). */
  track(work: Promise<void>): void
  /** Resolves once all tracked work has finished, including work tracked meanwhile. */
  settled(): Promise<void>
  /** Plex approved a PIN and the token is being saved: nothing may start, cancel or check now. */
  finishing: boolean
  /** The running sign-in adds another account: the active one stays in the keychain, and cancel goes back to it. */
  adding: boolean
  disposed: boolean
  signingIn(): boolean
  /** True while restore, checkNow or signOut is queued or running. */
  busy(): boolean
  /** Runs restore, checkNow, signOut and scheduled checks one at a time, in call order. */
  serial<T>(op: () => Promise<T>): Promise<T>
}

export const stopped = fail('invalid-state', 'Sign-in has been shut down.')

export function createSignInContext(options: SignInServiceOptions): SignInContext {
  const clock = options.clock ?? systemClock
  const log = options.logger ?? createLogger('signin')
  const policy = resolveSignInPolicy(options.policy)
  const clientId = options.identity?.clientId
  let queue: Promise<unknown> = Promise.resolve()
  let pendingOps = 0
  const background = new Set<Promise<void>>()

  const context: SignInContext = {
    plex: options.plex,
    vault: options.vault,
    clock,
    random: options.random ?? Math.random,
    log,
    policy,
    clientId,
    jwt: clientId
      ? createJwtAuth({ plex: options.plex, vault: options.vault, clientId, clock, policy: policy.jwt, logger: log })
      : null,
    authScheme: options.authScheme ?? (() => 'legacy'),
    listenForReturn: options.listenForReturn ?? listenForReturn,
    store: createSignInStore({ kind: 'restoring' }),
    network: new AbortController(),
    sessions: new Map(),
    active: null,
    track(work) {
      // Never rejects: the work reports its failures itself (log, state).
      const held: Promise<void> = work.catch(() => undefined).finally(() => background.delete(held))
      background.add(held)
    },
    async settled() {
      while (background.size > 0) await Promise.all([...background])
    },
    finishing: false,
    adding: false,
    disposed: false,
    signingIn: () => context.finishing || context.sessions.size > 0,
    busy: () => pendingOps > 0,
    serial<T>(op: () => Promise<T>): Promise<T> {
      pendingOps += 1
      const run = queue.then(op).finally(() => {
        pendingOps -= 1
      })
      queue = run.then(
        () => undefined,
        () => undefined,
      )
      return run
    },
  }
  return context
}
