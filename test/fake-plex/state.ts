import { randomBytes, randomInt } from 'node:crypto'
import type { FakePin, FakePlexOptions, FakeUser } from './types'

/** Lifetimes plex.tv gives PINs: strong (hosted page) 30 minutes, plex.tv/link codes 15 minutes. */
const STRONG_SEC = 1800
const LINK_SEC = 900

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
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
  strongSec: number
  linkSec: number
  approveAfterPolls: number | undefined
  baseUrl = ''
  private readonly defaultUser: Partial<FakeUser>

  constructor(options: FakePlexOptions) {
    this.strongSec = options.strongSec ?? STRONG_SEC
    this.linkSec = options.linkSec ?? LINK_SEC
    this.approveAfterPolls = options.approveAfterPolls
    this.defaultUser = options.user ?? {}
  }

  createPin(clientId: string, strong: boolean, product: string, now = Date.now()): FakePin {
    let id: number
    do id = randomInt(100_000_000, 2_147_483_647)
    while (this.pins.has(id))
    let code: string
    do code = strong ? randomString(LOWER, 25) : randomString(UPPER, 4)
    while (this.findLive(code, now))
    // plex.tv reports times to the second; the PIN lives exactly as long as it says it does.
    const createdAt = Math.floor(now / 1000) * 1000
    const expiresAt = createdAt + (strong ? this.strongSec : this.linkSec) * 1000
    const pin: FakePin = { id, code, clientId, strong, product, createdAt, expiresAt, polls: 0, authToken: null }
    this.pins.set(id, pin)
    return pin
  }

  /** A PIN that is known and not expired, by id or by code (codes typed by people ignore case). */
  findLive(idOrCode: number | string, now = Date.now()): FakePin | undefined {
    const byId = typeof idOrCode === 'number' || /^\d+$/.test(idOrCode) ? this.pins.get(Number(idOrCode)) : undefined
    const pin =
      byId ??
      [...this.pins.values()]
        .reverse()
        .find((p) => typeof idOrCode === 'string' && p.code.toLowerCase() === idOrCode.toLowerCase())
    return pin && pin.expiresAt > now ? pin : undefined
  }

  approve(idOrCode: number | string, user: Partial<FakeUser> = {}, clientId?: string): string {
    const pin = this.findLive(idOrCode)
    if (!pin || (clientId !== undefined && pin.clientId !== clientId)) {
      throw new Error(`No live PIN ${String(idOrCode)}${clientId ? ` for client ${clientId}` : ''}`)
    }
    if (pin.authToken) return pin.authToken
    const token = randomString(TOKEN_CHARS, 20)
    this.tokens.set(token, this.makeUser(user))
    pin.authToken = token
    return token
  }

  revoke(token: string): void {
    this.tokens.delete(token)
  }

  private makeUser(overrides: Partial<FakeUser>): FakeUser {
    const merged = { ...this.defaultUser, ...overrides }
    const uuid = merged.uuid ?? randomBytes(8).toString('hex')
    return {
      id: merged.id ?? 13692262,
      uuid,
      username: merged.username ?? 'plexkey-tester',
      title: merged.title ?? 'Plexkey Tester',
      email: merged.email ?? 'tester@example.com',
      thumb: merged.thumb ?? `${this.baseUrl}/users/${uuid}/avatar?c=${randomInt(1_000_000_000, 9_999_999_999)}`,
      plexPass: merged.plexPass ?? false,
    }
  }
}
