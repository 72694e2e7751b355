import type { AppError, RemovalOutcome, Result, ToolListing } from '../../../preload/api'
import type { ClientIdentity } from '../account/client-identity'
import type { CredentialVault } from '../account/credential-vault'
import type { Clock } from '../clock'
import { createLogger, type Logger } from '../log'
import type { PlexClient } from '../plex/plex-types'
import { err, fail, ok } from '../result'
import { discardToolDevice, type MintedDevice, mintToolDevice, type ToolMinting } from './mint-tool-device'
import type { ToolOwner } from './tool-owner'
import { toolIdentity } from './tool-identity'
import { isToolName } from './tool-name'
import { createToolStore, findTool, type ToolRecord, withoutTool, withTool } from './tool-store'

/** What the tools of the signed-in account are worked with, in the app and the CLI alike. */
export interface ToolContext {
  readonly vault: CredentialVault
  readonly accountUuid: string
  /** The account's plex.tv client (this install's identity). */
  readonly plex: PlexClient
  /** A plex.tv client speaking as another identity: a tool's device. */
  readonly clientFor: (identity: ClientIdentity) => PlexClient
  readonly install: ClientIdentity
  readonly owner: ToolOwner
  readonly clock?: Clock
  readonly logger?: Logger
  /** Minting's own knobs (poll interval, wait, client id), for tests. */
  readonly minting?: Partial<Pick<ToolMinting, 'pollIntervalMs' | 'maxWaitMs' | 'newClientId'>>
}

/** A tool's device ready for use; `minted`: made just now. `unchecked`: plex.tv could not be asked whether it still accepts the token. */
export interface ToolDevice {
  readonly name: string
  readonly clientIdentifier: string
  readonly token: string
  readonly minted: boolean
  readonly unchecked?: AppError
}

/** What revoking a tool achieved; `deviceWasGone`: plex.tv no longer listed its device (removed elsewhere). */
export interface ToolRemoval extends RemovalOutcome {
  readonly deviceWasGone: boolean
}

const BAD_NAME: Result<never> = fail('invalid-argument', 'A tool name is letters, digits, - and _, at most 32 characters.')

function unknownTool(name: string): Result<never> {
  return fail('invalid-state', `Plexkey keeps no device for a tool named ${name}.`)
}

/** A client that speaks as the tool's own device, so plex.tv sees the device itself in use. */
const toolClient = (ctx: ToolContext, record: Pick<ToolRecord, 'name' | 'clientIdentifier'>): PlexClient =>
  ctx.clientFor(toolIdentity(ctx.install, record.name, record.clientIdentifier))

/** How the active profile's tools are minted: linked with its token, by the account's client. */
function mintingOf(ctx: ToolContext, logger: Logger): ToolMinting {
  const { plex, clientFor, install, clock } = ctx
  return { ...ctx.minting, plex, clientFor, install, token: ctx.owner.token, logger, ...(clock ? { clock } : {}) }
}

/**
 * The device of tool `name` for the active profile: the one the keychain keeps, while plex.tv
 * accepts its token; else a new one, minted and kept. The list is read again under the keychain
 * lock before minting, so processes started together mint one device, not one each.
 */
export async function ensureToolDevice(ctx: ToolContext, name: string): Promise<Result<ToolDevice>> {
  if (!isToolName(name)) return BAD_NAME
  const logger = ctx.logger ?? createLogger('tools')
  const store = createToolStore(ctx.vault, ctx.accountUuid)
  const { profile } = ctx.owner
  const kept = await store.list()
  if (!kept.ok) return kept
  const known = findTool(kept.value, name, profile)
  if (known) {
    const dead = await toolClient(ctx, known).tokenIsDead(known.token)
    if (!dead.ok) return ok({ name, clientIdentifier: known.clientIdentifier, token: known.token, minted: false, unchecked: dead.error })
    if (!dead.value) return ok({ name, clientIdentifier: known.clientIdentifier, token: known.token, minted: false })
    logger.info('plex.tv refuses the tool’s token; minting a new device', { tool: name })
  }
  let minted: MintedDevice | undefined
  const saved = await store.update(async (tools) => {
    const current = findTool(tools, name, profile)
    // Another process replaced the refused device (or made the first one) meanwhile: that one is it.
    if (current && current.token !== known?.token) return ok({ tools, value: current })
    const made = await mintToolDevice(mintingOf(ctx, logger), name)
    if (!made.ok) return made
    minted = made.value
    const record: ToolRecord = { name, profile, clientIdentifier: made.value.clientIdentifier, token: made.value.token, createdAt: made.value.createdAt }
    return ok({ tools: withTool(tools, record), value: record })
  })
  if (!saved.ok) {
    // The device exists at plex.tv, but nothing keeps its token: it goes again.
    if (minted) await discardToolDevice(ctx.plex, ctx.owner.token, minted.clientIdentifier, logger)
    return saved
  }
  const record = saved.value
  // The refused device's leftovers at plex.tv, if it still lists any.
  if (known && record.clientIdentifier !== known.clientIdentifier) await discardToolDevice(ctx.plex, ctx.owner.token, known.clientIdentifier, logger)
  return ok({ name, clientIdentifier: record.clientIdentifier, token: record.token, minted: record.clientIdentifier === minted?.clientIdentifier })
}

/**
 * The tools of the active profile, oldest first, each with when plex.tv last saw its device (null
 * when plex.tv does not list it, or could not be asked; or, with `lastSeen: false`, was not asked:
 * the keychain alone answers then). Never a token.
 */
export async function listTools(ctx: ToolContext, options: { readonly lastSeen?: boolean } = {}): Promise<Result<readonly ToolListing[]>> {
  const kept = await createToolStore(ctx.vault, ctx.accountUuid).list()
  if (!kept.ok) return kept
  const mine = kept.value.filter((tool) => tool.profile === ctx.owner.profile).sort((a, b) => a.createdAt - b.createdAt)
  const asked = mine.length > 0 && options.lastSeen !== false
  const devices = asked ? await ctx.plex.listDevices(ctx.owner.token) : null
  if (devices && !devices.ok) (ctx.logger ?? createLogger('tools')).info('last seen of the tools unknown', { code: devices.error.code })
  const listed = devices?.ok ? devices.value : []
  const seen = (clientIdentifier: string): number | null => listed.find((device) => device.clientIdentifier === clientIdentifier)?.lastSeenAt ?? null
  return ok(mine.map(({ name, clientIdentifier, createdAt }) => ({ name, clientIdentifier, createdAt, lastSeenAt: seen(clientIdentifier) })))
}

/** True when plex.tv refuses every one of the tokens; null when that could not be asked. */
async function allRefused(plex: PlexClient, tokens: readonly string[]): Promise<boolean | null> {
  for (const token of new Set(tokens)) {
    const dead = await plex.tokenIsDead(token)
    if (!dead.ok) return null
    if (!dead.value) return false
  }
  return true
}

/**
 * Removes tool `name`'s device at plex.tv (every device listed under its client identifier), then
 * its keychain entry, then asks plex.tv whether the tokens it had are refused now: the one the
 * keychain kept and the one plex.tv listed, read just before the removal. The desktop's own
 * sign-in is another device, and untouched. A device plex.tv no longer lists is not an error: the
 * keychain entry goes all the same.
 */
export async function revokeTool(ctx: ToolContext, name: string): Promise<Result<ToolRemoval>> {
  if (!isToolName(name)) return BAD_NAME
  const { profile, token } = ctx.owner
  return createToolStore(ctx.vault, ctx.accountUuid).update(async (tools) => {
    const record = findTool(tools, name, profile)
    if (!record) return unknownTool(name)
    const devices = await ctx.plex.listDevices(token)
    if (!devices.ok) return err(devices.error)
    const listed = devices.value.filter((device) => device.clientIdentifier === record.clientIdentifier)
    const tokens = [record.token]
    for (const device of listed) {
      const held = await ctx.plex.deviceToken(token, device.id)
      if (held.ok && held.value !== null) tokens.push(held.value)
      else if (!held.ok && held.error.code !== 'device-gone') return err(held.error)
      const removed = await ctx.plex.removeDevice(token, device.id)
      if (!removed.ok && removed.error.code !== 'device-gone') return err(removed.error)
    }
    const tokenRefused = await allRefused(ctx.plex, tokens)
    return ok({ tools: withoutTool(tools, name, profile), value: { tokenRefused, deviceWasGone: listed.length === 0 } })
  })
}
