import type { AuthScheme, Result } from '../../preload/api'
import { type ClientIdentity, loadClientIdentity } from '../core/account/client-identity'
import type { CredentialVault } from '../core/account/credential-vault'
import { resolveConfigDir } from '../core/config/config-dir'
import { createSettingsStore } from '../core/config/settings-store'
import { resolvePlexEndpoints } from '../core/plex/endpoints'
import { createPlexClient, type FetchLike } from '../core/plex/plex-client'
import { plexErrors } from '../core/plex/plex-error'
import type { PlexClient } from '../core/plex/plex-types'
import { createSignInService } from '../core/signin/create-signin-service'
import type { SignInService } from '../core/signin/signin-service'
import { err, ok } from '../core/result'
import { cliLogger } from './cli-logger'

/** What a command needs from the machine it runs on; the real process unless a test says otherwise. */
export interface CliEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly platform: NodeJS.Platform
  readonly homedir: string
  readonly version: string
  readonly fetch: FetchLike
}

/** The same core the app runs, put together for one command. */
export interface CliCore {
  readonly identity: ClientIdentity
  readonly plex: PlexClient
  readonly service: SignInService
  /** The same plex.tv client, speaking as another identity: a tool's own device. */
  readonly clientFor: (identity: ClientIdentity) => PlexClient
}

function configDirOf(environment: CliEnvironment): string {
  return resolveConfigDir(environment.env, environment.platform, environment.homedir)
}

/** The sign-in scheme the app's settings name (settings.json beside client.json); legacy without one. */
export async function savedAuthScheme(environment: CliEnvironment): Promise<AuthScheme> {
  const store = createSettingsStore({ configDir: configDirOf(environment), logger: cliLogger(environment, 'settings') })
  const loaded = await store.load()
  return loaded.ok ? loaded.value.authScheme : 'legacy'
}

/**
 * Loads the client id (creating it on first use, as the app does), then builds the plex.tv
 * client and the sign-in service on the given vault. Commands call this only once they know they
 * will talk to plex.tv, so `plexkey token` and a failing keychain leave the config directory alone.
 * `authScheme` is the scheme of a new sign-in (login); a saved token is kept the way it came.
 */
export async function openCliCore(
  environment: CliEnvironment,
  vault: CredentialVault,
  authScheme: AuthScheme = 'legacy',
): Promise<Result<CliCore>> {
  const endpoints = resolvePlexEndpoints(environment.env)
  if (!endpoints.ok) return err(endpoints.error)
  const identity = await loadClientIdentity({
    configDir: configDirOf(environment),
    version: environment.version,
    logger: cliLogger(environment, 'identity'),
  })
  if (!identity.ok) return err(identity.error)
  const clientFor = (as: ClientIdentity): PlexClient => {
    const client = createPlexClient({ identity: as, fetch: environment.fetch, endpoints: endpoints.value, logger: cliLogger(environment, 'plex') })
    // A terminal shows no picture: the account's avatar is never fetched.
    return { ...client, fetchAvatar: () => Promise.resolve({ ok: false, error: plexErrors.cancelled() }) }
  }
  const plex = clientFor(identity.value)
  const service = createSignInService({
    plex,
    vault,
    identity: identity.value,
    logger: cliLogger(environment, 'signin'),
    // One command, one check: no background health checks in a process about to exit. The
    // browser comes back a moment after plex.tv approves, if at all: a command waits no longer.
    policy: { healthCheckIntervalMs: 0, returnLingerMs: 5_000 },
    authScheme: () => authScheme,
  })
  return ok({ identity: identity.value, plex, service, clientFor })
}
