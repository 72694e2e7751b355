import type { AppError, Result } from '../../../preload/api'
import type { ClientIdentity } from '../account/client-identity'
import { type Clock, systemClock } from '../clock'
import type { Logger } from '../log'
import { createLogger } from '../log'
import type { PlexClient, PlexPin } from '../plex/plex-types'
import { err, ok } from '../result'
import { isTransient } from '../signin/backoff'
import { mintFailure, type MintStep } from './mint-messages'
import { removeDevicesUnder } from './remove-devices-under'
import { toolIdentity } from './tool-identity'

/** A device of a tool's own, as plex.tv made it: the token is main's alone (never shown, logged or sent over IPC). */
export interface MintedDevice {
  readonly tool: string
  readonly clientIdentifier: string
  readonly token: string
  /** Epoch ms. */
  readonly createdAt: number
}

export interface ToolMinting {
  /** The account's plex.tv client (this install's identity): it links the PIN and cleans up. */
  readonly plex: PlexClient
  /** A plex.tv client that speaks as another identity: the new device's, for its PIN. */
  readonly clientFor: (identity: ClientIdentity) => PlexClient
  /** This install's identity; the device takes its version and platform. */
  readonly install: ClientIdentity
  /** The token that links the device: the account's, or the active Home profile's. */
  readonly token: string
  readonly clock?: Clock
  /** How often the PIN is asked for its token, and for how long at most. */
  readonly pollIntervalMs?: number
  readonly maxWaitMs?: number
  /** A new client identifier (a random uuid unless a test says otherwise). */
  readonly newClientId?: () => string
  readonly logger?: Logger
}

/** plex.tv gives a linked PIN its token at once; a few seconds of patience covers a slow answer. */
const POLL_INTERVAL_MS = 1_000
const MAX_WAIT_MS = 20_000

/** Link refusals that say plex.tv made nothing: no device to clean up after them. */
const NOTHING_MADE: ReadonlySet<AppError['code']> = new Set(['pin-expired', 'token-rejected', 'rate-limited'])

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => void clock.setTimeout(resolve, ms))
}

type Awaited = { readonly kind: 'token'; readonly token: string } | { readonly kind: 'failed'; readonly error: AppError }

/** Polls the PIN until its token appears, a failure that no retry mends, or the wait is over. */
async function tokenOf(tool: PlexClient, pin: PlexPin, clock: Clock, intervalMs: number, deadline: number): Promise<Awaited> {
  let last: AppError = { code: 'timeout', message: 'plex.tv gave the PIN no token in time.', retryable: true }
  for (;;) {
    const checked = await tool.checkPin(pin.id)
    if (checked.ok && checked.value.authToken) return { kind: 'token', token: checked.value.authToken }
    if (!checked.ok) {
      if (!isTransient(checked.error) || checked.error.code === 'rate-limited') return { kind: 'failed', error: checked.error }
      last = checked.error
    }
    if (clock.now() + intervalMs > deadline) return { kind: 'failed', error: last }
    await sleep(clock, intervalMs)
  }
}

/**
 * Mints a device of `tool`'s own, as python-plexapi's createMyPlexDevice does: a 4-character PIN
 * under a new client identifier (product "Plexkey", device name "<tool> (Plexkey)"), linked with
 * `minting.token`, then polled until its token appears. A device that was (or may have been)
 * linked but never got that far is removed again, so no half-made device is left at plex.tv.
 */
export async function mintToolDevice(minting: ToolMinting, tool: string): Promise<Result<MintedDevice>> {
  const clock = minting.clock ?? systemClock
  const logger = minting.logger ?? createLogger('tools')
  const identity = toolIdentity(minting.install, tool, minting.newClientId?.())
  const device = minting.clientFor(identity)
  const failed = (step: MintStep, error: AppError): Result<MintedDevice> => err(mintFailure(tool, step, error, { kind: 'none' }))

  const pin = await device.createPin({ strong: false })
  if (!pin.ok) return failed('create', pin.error)
  const started = clock.now()
  const linked = await minting.plex.linkPin(minting.token, pin.value.code)
  if (!linked.ok && NOTHING_MADE.has(linked.error.code)) return failed('link', linked.error)

  const deadline = Math.min(started + (minting.maxWaitMs ?? MAX_WAIT_MS), pin.value.expiresAt)
  const awaited: Awaited = linked.ok
    ? await tokenOf(device, pin.value, clock, minting.pollIntervalMs ?? POLL_INTERVAL_MS, deadline)
    : { kind: 'failed', error: linked.error }
  if (awaited.kind === 'token') {
    logger.info('minted a device of its own', { tool, clientIdentifier: identity.clientId })
    return ok({ tool, clientIdentifier: identity.clientId, token: awaited.token, createdAt: clock.now() })
  }
  const cleaned = await discardToolDevice(minting.plex, minting.token, identity.clientId, logger)
  const cleanup = cleaned.ok ? { kind: cleaned.value > 0 ? 'removed' : 'none' } as const : { kind: 'failed', error: cleaned.error } as const
  return err(mintFailure(tool, linked.ok ? 'token' : 'link', awaited.error, cleanup))
}

/**
 * Removes whatever plex.tv lists under a tool's client identifier: the clean-up of a half-made
 * device, also for a caller whose own step after minting failed (the keychain refused the token).
 */
export async function discardToolDevice(plex: PlexClient, token: string, clientIdentifier: string, logger: Logger = createLogger('tools')): Promise<Result<number>> {
  const removed = await removeDevicesUnder(plex, token, clientIdentifier)
  if (removed.ok) logger.info('removed a half-made device', { clientIdentifier, removed: removed.value })
  else logger.warn('could not remove a half-made device', { clientIdentifier, code: removed.error.code })
  return removed
}
