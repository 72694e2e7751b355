import { randomInt } from 'node:crypto'

/** What a client says about itself in its X-Plex-* headers: how plex.tv names its device. */
export interface FakeClientInfo {
  readonly name: string
  readonly product: string
  readonly productVersion: string
  readonly platform: string
  readonly platformVersion: string
  readonly device: string
}

/** One entry of an account's device list: a client id the account is signed in on, with its tokens. */
export interface FakeDevice {
  readonly id: number
  /** The uuid of the account (or Home user) signed in there. */
  readonly accountUuid: string
  readonly clientIdentifier: string
  readonly info: FakeClientInfo
  readonly provides: string
  /** Epoch ms. */
  readonly createdAt: number
  lastSeenAt: number
  /** Every token issued to this device that plex.tv still accepts; the list shows the newest. */
  readonly tokens: string[]
  /** Addresses a server device is reached at (the `Connection` children). */
  readonly connections: readonly string[]
}

const UNKNOWN_CLIENT: FakeClientInfo = {
  name: 'Unknown device',
  product: '',
  productVersion: '',
  platform: '',
  platformVersion: '',
  device: '',
}

/**
 * Where each account is signed in. plex.tv keys a device by (account, client identifier): every
 * token issued under that pair belongs to the same entry, and removing the entry kills them all.
 */
export class FakeDevices {
  private readonly devices = new Map<number, FakeDevice>()
  private readonly byToken = new Map<string, FakeDevice>()
  /** What each client id last said about itself when it asked for a PIN. */
  private readonly clients = new Map<string, FakeClientInfo>()
  /** Accounts whose list has been shown once (their servers are filed then). */
  private readonly listed = new Set<string>()

  constructor(private readonly now: () => number) {}

  noteClient(clientId: string, info: FakeClientInfo): void {
    this.clients.set(clientId, info)
  }

  /** Files a newly issued token under its device, making the device on first sight. */
  record(accountUuid: string, clientIdentifier: string, token: string): FakeDevice {
    const existing = [...this.devices.values()].find((d) => d.accountUuid === accountUuid && d.clientIdentifier === clientIdentifier)
    const device = existing ?? this.add(accountUuid, clientIdentifier, this.clients.get(clientIdentifier) ?? UNKNOWN_CLIENT, 'client,player')
    device.tokens.push(token)
    device.lastSeenAt = this.now()
    this.byToken.set(token, device)
    return device
  }

  /** A device that is no sign-in of its own (a Media Server), listed with its token and addresses. */
  add(
    accountUuid: string,
    clientIdentifier: string,
    info: FakeClientInfo,
    provides: string,
    connections: readonly string[] = [],
  ): FakeDevice {
    let id: number
    do id = randomInt(100_000_000, 999_999_999)
    while (this.devices.has(id))
    const now = this.now()
    const device: FakeDevice = {
      id,
      accountUuid,
      clientIdentifier,
      info,
      provides,
      createdAt: now,
      lastSeenAt: now,
      tokens: [],
      connections,
    }
    this.devices.set(id, device)
    return device
  }

  /** An authenticated call: its device was seen now. */
  touch(token: string): void {
    const device = this.byToken.get(token)
    if (device) device.lastSeenAt = this.now()
  }

  forToken(token: string): FakeDevice | undefined {
    return this.byToken.get(token)
  }

  /** True the first time an account's list is asked for. */
  firstListing(accountUuid: string): boolean {
    if (this.listed.has(accountUuid)) return false
    this.listed.add(accountUuid)
    return true
  }

  list(accountUuid: string): readonly FakeDevice[] {
    return [...this.devices.values()].filter((d) => d.accountUuid === accountUuid)
  }

  all(): readonly FakeDevice[] {
    return [...this.devices.values()]
  }

  /** Forgets the device; returns the tokens that must now be refused. */
  remove(id: number): readonly string[] {
    const device = this.devices.get(id)
    if (!device) return []
    this.devices.delete(id)
    for (const token of device.tokens) this.byToken.delete(token)
    return device.tokens
  }

  /** A token no longer accepted (signed out, revoked): it leaves its device's list. */
  forget(token: string): void {
    const device = this.byToken.get(token)
    if (!device) return
    this.byToken.delete(token)
    const at = device.tokens.indexOf(token)
    if (at >= 0) device.tokens.splice(at, 1)
  }
}
