import { randomBytes, randomInt } from 'node:crypto'
import type { FakeUser } from './types'

/** A Home profile's name at the length the window must fit: 60 characters, none of them ASCII letters alone. */
export const LONG_PROFILE_NAME = 'Åsa-Märta Øvergård-Þórðardóttir 山田花子のプロフィール ÉÎÕÜ ñçßğ ŁŽĆęąÿ'

/** A profile name as hostile as plex.tv could send: a terminal escape, bidi marks, markup and length. */
export const HOSTILE_PROFILE_NAME = `\u001b]0;pwned\u0007<b>Kid</b> \u202edlihc\u202c \u200f"'&\u001b[2J${'ü'.repeat(200)}`

/** A second plex.tv account, to approve a sign-in as: no Plex Home, a name that is not ASCII. */
export const SECOND_ACCOUNT = {
  id: 24680135,
  username: 'jürgen.zweit',
  title: 'Jürgen Zweitkonto',
  email: 'juergen@example.com',
} as const

/** The default Home's protected profile and its PIN. */
export const KID_PIN = '4821'

/** One Home member as a test describes it; everything left out gets a realistic default. */
export interface FakeHomeMemberSpec {
  readonly title: string
  /** Managed users have none (''). */
  readonly username?: string
  readonly restricted?: boolean
  /** e.g. 'little_kid'; null for none. */
  readonly restrictionProfile?: string | null
  readonly guest?: boolean
  /** Set: the profile is protected and switching to it needs this PIN. */
  readonly pin?: string | null
}

/** A Home member as the fake keeps it. */
export interface FakeHomeMember {
  readonly id: number
  readonly uuid: string
  readonly title: string
  readonly username: string
  readonly email: string
  /** The `c=` of its avatar's address, which plex.tv changes with the picture. */
  readonly avatarVersion: number
  readonly restricted: boolean
  readonly restrictionProfile: string | null
  readonly guest: boolean
  pin: string | null
}

/**
 * The Home every fake plex.tv starts with for its default account: a protected, restricted child's
 * profile, an unprotected partner, and a profile with a long non-ASCII name.
 */
export const DEFAULT_HOME: readonly FakeHomeMemberSpec[] = [
  { title: 'Robin', restricted: true, restrictionProfile: 'little_kid', pin: KID_PIN },
  { title: 'Sam', username: 'sam-partner' },
  { title: LONG_PROFILE_NAME },
]

/** How plex.tv answers the Home list for an account with no Plex Home: a Home of one, or an error. */
export type NoHomeAnswer = 'alone' | 'error'

/** One row of a Home's user list: the owner (admin) or a member. */
export interface HomeEntry {
  readonly user: FakeUser
  readonly admin: boolean
  readonly restricted: boolean
  readonly restrictionProfile: string | null
  readonly guest: boolean
  readonly pin: string | null
}

/**
 * The Plex Homes the fake knows, keyed by the owner's username (the fake keeps an account's uuid
 * per username, so this names the same account across sign-ins).
 */
export class FakeHomes {
  private readonly homes = new Map<string, FakeHomeMember[]>()
  /** Each member's Home, by the member's uuid. */
  private readonly homeOfMember = new Map<string, string>()
  /** The owners as last seen with a token: a member's list and switches need the owner's details. */
  private readonly owners = new Map<string, FakeUser>()
  private readonly ownerPins = new Map<string, string>()
  noHome: NoHomeAnswer = 'alone'
  /** Switching to the admin asks for the admin's PIN too (1041 when none is set or it is wrong). */
  adminPinRequired = false
  /**
   * Switches made with a Plex JWT are refused (403), as plex.tv has been reported to treat some
   * endpoints under JWTs; the token itself stays good everywhere else.
   */
  jwtSwitchRefused = false
  /** Switch requests made with a valid token (a fault rule's answer never reaches the handlers). */
  switchCalls = 0
  /** Each member's accessToken per server, by `<server clientIdentifier> <member uuid>`. */
  readonly serverTokens = new Map<string, string>()
  /** Fields merged into every switch answer, as plex.tv adds or changes profile fields. */
  switchExtras: Readonly<Record<string, unknown>> = {}

  constructor(
    private readonly baseUrl: () => string,
    /** The username of the account approvals sign in as when a test names none. */
    readonly defaultOwner: string,
    defaultHome: readonly FakeHomeMemberSpec[] | null,
  ) {
    if (defaultHome) this.set(defaultOwner, defaultHome)
  }

  /** Gives the account a Home with these members (besides the owner); null takes its Home away. */
  set(ownerUsername: string, specs: readonly FakeHomeMemberSpec[] | null): readonly FakeHomeMember[] {
    for (const member of this.homes.get(ownerUsername) ?? []) this.homeOfMember.delete(member.uuid)
    this.homes.delete(ownerUsername)
    if (specs === null) return []
    const usedIds = new Set<number>()
    const members = specs.map((spec): FakeHomeMember => {
      const uuid = randomBytes(8).toString('hex')
      let id: number
      do id = randomInt(10_000_000, 99_999_999)
      while (usedIds.has(id))
      usedIds.add(id)
      return {
        id,
        uuid,
        title: spec.title,
        username: spec.username ?? '',
        email: spec.username ? `${spec.username}@example.com` : '',
        avatarVersion: randomInt(1_000_000_000, 9_999_999_999),
        restricted: spec.restricted ?? false,
        restrictionProfile: spec.restrictionProfile ?? null,
        guest: spec.guest ?? false,
        pin: spec.pin ?? null,
      }
    })
    this.homes.set(ownerUsername, members)
    for (const member of members) this.homeOfMember.set(member.uuid, ownerUsername)
    return members
  }

  /** A managed or Home user's uuid (not an owner's). */
  isMember(uuid: string): boolean {
    return this.homeOfMember.has(uuid)
  }

  members(ownerUsername: string): readonly FakeHomeMember[] {
    return this.homes.get(ownerUsername) ?? []
  }

  /** Remembers an account seen with a valid token, so its Home can name it. */
  noteAccount(user: FakeUser): void {
    if (this.homes.has(user.username)) this.owners.set(user.username, user)
  }

  /**
   * The Home of whoever holds the token (owner or member): the owner first, then the members.
   * Undefined: no Plex Home.
   */
  entriesFor(caller: FakeUser): readonly HomeEntry[] | undefined {
    const ownerName = this.homeOfMember.get(caller.uuid) ?? (this.homes.has(caller.username) ? caller.username : undefined)
    const owner = ownerName === undefined ? undefined : this.owners.get(ownerName)
    if (ownerName === undefined || !owner) return undefined
    const ownerEntry: HomeEntry = {
      user: owner,
      admin: true,
      restricted: false,
      restrictionProfile: null,
      guest: false,
      pin: this.ownerPins.get(ownerName) ?? null,
    }
    return [
      ownerEntry,
      ...this.members(ownerName).map((m) => ({
        user: {
          id: m.id,
          uuid: m.uuid,
          username: m.username,
          title: m.title,
          email: m.email,
          // Made when asked: the fake knows its own address only once it listens.
          thumb: `${this.baseUrl()}/users/${m.uuid}/avatar?c=${m.avatarVersion}`,
          plexPass: false,
        },
        admin: false,
        restricted: m.restricted,
        restrictionProfile: m.restrictionProfile,
        guest: m.guest,
        pin: m.pin,
      })),
    ]
  }

  /**
   * Sets (or with null clears) the PIN of a member, found by uuid or title, or of an owner, found
   * by username or uuid. Throws for a name no Home has.
   */
  setPin(who: string, pin: string | null): void {
    for (const [ownerName, members] of this.homes) {
      const member = members.find((m) => m.uuid === who || m.title === who)
      if (member) {
        member.pin = pin
        return
      }
      if (ownerName === who || this.owners.get(ownerName)?.uuid === who) {
        if (pin === null) this.ownerPins.delete(ownerName)
        else this.ownerPins.set(ownerName, pin)
        return
      }
    }
    throw new Error(`No Home has a user ${who}`)
  }
}
