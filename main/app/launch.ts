import { app, dialog } from 'electron'
import { createLogger, type Logger, redact } from '../core/log'
import type { Result } from '../../preload/api'
import { ENDPOINT_OVERRIDES } from '../core/plex/endpoints'
import { fail, ok } from '../core/result'
import { quoteOutside } from '../core/text/control-chars'
import type { StartAppOptions } from './start-app'

type Env = Readonly<Record<string, string | undefined>>

/**
 * Names the keychain service the app keeps its sign-in under, instead of `plexkey`: `npm run
 * test:electron` gives each run a random one, so a run on a developer's desktop never reads, sends
 * or deletes the person's own sign-in.
 */
export const KEYCHAIN_SERVICE_OVERRIDE = 'PLEXKEY_KEYCHAIN_SERVICE'

/** What only a development build honours: each would let whoever sets the environment redirect a sign-in. */
const DEVELOPMENT_OVERRIDES = [...ENDPOINT_OVERRIDES, KEYCHAIN_SERVICE_OVERRIDE] as const

/**
 * The environment the app runs with. A packaged app ignores the development overrides: they exist
 * to point a development build and the tests at a stand-in for plex.tv and a keychain entry of their
 * own, and in an installed app they would only let whoever can set a user's environment send the
 * token (and the browser) somewhere else, or hide the sign-in the user made. Saying so in the log
 * explains a variable that seems to do nothing.
 */
export function appEnvironment(env: Env, isPackaged: boolean, log: Logger): Env {
  if (!isPackaged) return env
  const present = DEVELOPMENT_OVERRIDES.filter((name) => env[name] !== undefined)
  if (present.length === 0) return env
  const names = new Intl.ListFormat('en', { type: 'conjunction' }).format(present)
  log.warn(`${names} ignored: the packaged app always uses plex.tv and its own keychain entries`)
  const kept: Record<string, string | undefined> = { ...env }
  for (const name of present) delete kept[name]
  return kept
}

/** Printable ASCII without spaces, as every keychain (libsecret, macOS, Windows) takes a name. */
const SERVICE_NAME = /^[A-Za-z0-9._-]{1,64}$/

/** The keychain service to use: undefined for the default, or an error naming what is wrong. */
export function keychainServiceOf(env: Env): Result<string | undefined> {
  const value = env[KEYCHAIN_SERVICE_OVERRIDE]
  if (value === undefined) return ok(undefined)
  if (!SERVICE_NAME.test(value)) {
    return fail('invalid-argument', `${KEYCHAIN_SERVICE_OVERRIDE} must be 1 to 64 letters, digits, dots, dashes or underscores: "${quoteOutside(value)}".`)
  }
  return ok(value)
}

export interface LaunchOptions {
  readonly env: Env
  readonly argv: readonly string[]
  /** startApp; a test stands in for it. */
  readonly start: (options: StartAppOptions) => Promise<unknown>
  readonly log?: Logger
}

/**
 * Starts the app from the Electron entry point. A start that throws (a bug, or the OS refusing
 * something nobody checked for) is logged, told in a dialog and ends the app, rather than leaving
 * a process with no window and no tray, or half of one.
 */
export async function launchApp(options: LaunchOptions): Promise<void> {
  const log = options.log ?? createLogger('app')
  try {
    await options.start({ env: appEnvironment(options.env, app.isPackaged, log), argv: options.argv })
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error))
    log.error('start failed', { reason })
    dialog.showErrorBox(
      'Plexkey cannot start',
      `Something went wrong while Plexkey was starting (${reason}), so it will close. Start it again; if this keeps happening, start it from a terminal with PLEXKEY_LOG_LEVEL=debug to see why.`,
    )
    app.quit()
  }
}
