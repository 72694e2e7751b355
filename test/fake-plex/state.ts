import { randomBytes, randomInt } from 'node:crypto'
import { FakeDevices } from './devices-state'
import { DEFAULT_HOME, FakeHomes } from './home-state'
import type { DevicePublicKey, FakeJwt } from './jwt-state'
import type { FakePin, FakePlexOptions, FakeUser } from './types'

/** Lifetimes plex.tv gives PINs: strong (hosted page) 30 minutes, plex.tv/link codes 15 minutes. */
const STRONG_SEC = 1800
const LINK_SEC = 900

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
/** The account behind an approval that names none. */
export const DEFAULT_USERNAME = 'plexkey-tester'
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

function randomString(alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/** Everything the fake remembers: PINs, issued tokens and their accounts. */
export class FakeState {
  readonly pins = new Map<number, FakePin>()
  readonly tokens = new Map<string, FakeUser>()
  /** When each Plex JWT among `tokens` expires (epoch ms); legacy tokens do not. */
  readonly tokenExpiresAt = new Map<string, number>()
  /** Every token ever handed out, in order, kept after sign-out or revocation: what must never leak. */
  readonly issued = new Set<string>()
  /** The client id each legacy token was issued to. */
  private readonly legacyClients = new Map<string, string>()
  strongSec: number
  linkSec: number
  /** The lifetime of the next PIN created, of either kind, in place of the two above; then null. */
  nextPinSec: number | null = null
  approveAfterPolls: number | undefined
  /** Whom those automatic approvals sign in (the default account unless told). */
  approveAs: Partial<FakeUser> = {}
  /** Polls show every PIN without its token (see FakeHomeControls.withholdPinTokens). */
  withholdPinTokens = false
  baseUrl = ''
  private readonly defaultUser: Partial<FakeUser>
  /** Each account's uuid, by username: the same account keeps it across sign-ins, as on plex.tv. */
  private readonly uuids = new Map<string, string>()
  /** The fake's clock: PINs, nonces and Plex JWTs expire by it, requests are stamped with it. */
  readonly now: () => number
  readonly homes: FakeHomes
  readonly devices: FakeDevices

  constructor(
    options: FakePlexOptions,
    readonly jwt: FakeJwt,
  ) {
    this.strongSec = options.strongSec ?? STRONG_SEC
    this.linkSec = options.linkSec ?? LINK_SEC
    this.approveAfterPolls = options.approveAfterPolls
    this.defaultUser = options.user ?? {}
    this.now = options.now ?? Date.now
    this.devices = new FakeDevices(this.now)
    this.homes = new FakeHomes(() => this.baseUrl, this.defaultUser.username ?? DEFAULT_USERNAME, options.home === undefined ? DEFAULT_HOME : options.home)
  }

  createPin(
    clientId: string,
    strong: boolean,
    product: string,
    now = this.now(),
    device: { key: DevicePublicKey; thumbprint: string } | null = null,
  ): FakePin {
    let id: number
    do id = randomInt(100_000_000, 2_147_483_647)
    while (this.pins.has(id))
    let code: string
    do code = strong ? randomString(LOWER, 25) : randomString(UPPER, 4)
    while (this.findLive(code, now))
    // plex.tv reports times to the second; the PIN lives exactly as long as it says it does.
    const createdAt = Math.floor(now / 1000) * 1000
    const expiresAt = createdAt + (this.nextPinSec ?? (strong ? this.strongSec : this.linkSec)) * 1000
    this.nextPinSec = null
    const pin: FakePin = {
      id,
      code,
      clientId,
      strong,
      product,
      createdAt,
      expiresAt,
      polls: 0,
      authToken: null,
      jwk: device?.key ?? null,
      thumbprint: device?.thumbprint ?? null,
    }
    this.pins.set(id, pin)
    return pin
  }

  /** A PIN that is known and not expired, by id or by code (codes typed by people ignore case). */
  findLive(idOrCode: number | string, now = this.now()): FakePin | undefined {
    const byId = typeof idOrCode === 'number' || /^\d+$/.test(idOrCode) ? this.pins.get(Number(idOrCode)) : undefined
    const pin =
      byId ??
      [...this.pins.values()]
        .reverse()
        .find((p) => typeof idOrCode === 'string' && p.code.toLowerCase() === idOrCode.toLowerCase())
    return pin && pin.expiresAt > now ? pin : undefined
  }

  private livePin(idOrCode: number | string, clientId: string | undefined): FakePin {
    const pin = this.findLive(idOrCode)
    if (!pin || (clientId !== undefined && pin.clientId !== clientId)) {
      throw new Error(`No live PIN ${String(idOrCode)}${clientId ? ` for client ${clientId}` : ''}`)
    }
    return pin
  }

  approve(idOrCode: number | string, user: Partial<FakeUser> = {}, clientId?: string): string {
    const pin = this.livePin(idOrCode, clientId)
    if (pin.jwk) throw new Error(`PIN ${pin.id} was created with a device key: approve it with approveJwt()`)
    if (pin.authToken) return pin.authToken
    pin.authToken = this.mintLegacy(this.makeUser(user), pin.clientId)
    return pin.authToken
  }

  /** A new legacy token for exactly this account (or Home user), filed under the client id's device. */
  mintLegacy(user: FakeUser, clientId: string): string {
    const token = randomString(TOKEN_CHARS, 20)
    this.tokens.set(token, user)
    this.issued.add(token)
    this.legacyClients.set(token, clientId)
    this.devices.record(user.uuid, clientId, token)
    return token
  }

  /** Approves any PIN: a legacy token, or for a device-key PIN a Plex JWT bound to that key. */
  async approveAny(idOrCode: number | string, user: Partial<FakeUser> = {}, clientId?: string): Promise<string> {
    const pin = this.livePin(idOrCode, clientId)
    if (!pin.jwk || !pin.thumbprint) return this.approve(pin.id, user, clientId)
    if (pin.authToken) return pin.authToken
    const token = await this.issueJwt(pin.clientId, this.makeUser(user), pin.thumbprint)
    pin.authToken = token
    return token
  }

  /**
   * A Plex JWT, accepted as X-Plex-Token until it expires. Issuing one for a client id retires that
   * client id's legacy tokens, as plex.tv is reported to (reference §1.1).
   */
  async issueJwt(clientId: string, user: FakeUser, thumbprint: string): Promise<string> {
    const { token, expiresAt } = await this.jwt.mint(clientId, user, thumbprint)
    this.tokens.set(token, user)
    this.issued.add(token)
    this.tokenExpiresAt.set(token, expiresAt)
    this.devices.record(user.uuid, clientId, token)
    for (const [legacy, owner] of this.legacyClients) if (owner === clientId) this.revoke(legacy)
    return token
  }

  revoke(token: string): void {
    this.tokens.delete(token)
    this.tokenExpiresAt.delete(token)
    this.legacyClients.delete(token)
    this.devices.forget(token)
  }

  private makeUser(overrides: Partial<FakeUser>): FakeUser {
    const merged = { ...this.defaultUser, ...overrides }
    const username = merged.username ?? DEFAULT_USERNAME
    const uuid = merged.uuid ?? this.uuids.get(username) ?? randomBytes(8).toString('hex')
    if (!this.uuids.has(username)) this.uuids.set(username, uuid)
    return {
      id: merged.id ?? 13692262,
      uuid,
      username,
      title: merged.title ?? 'Plexkey Tester',
      email: merged.email ?? 'tester@example.com',
      thumb: merged.thumb ?? `${this.baseUrl}/users/${uuid}/avatar?c=${randomInt(1_000_000_000, 9_999_999_999)}`,
      plexPass: merged.plexPass ?? false,
    }
  }
}
