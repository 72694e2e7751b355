import type { FakeDevice } from './devices-state'
import type { FakeHomeMember, FakeHomeMemberSpec, NoHomeAnswer } from './home-state'
import type { FakeState } from './state'

/** The Home and device controls of a fake plex.tv (over HTTP: control-home.ts). */
export interface FakeHomeControls {
  /**
   * Gives an account (by username; default: the account approvals sign in as) a Plex Home with
   * these members besides its owner, or with null none. Returns the members, uuids and ids made.
   */
  setHome(members: readonly FakeHomeMemberSpec[] | null, ownerUsername?: string): readonly FakeHomeMember[]
  /** The members of an account's Home (default: the default account's). */
  homeMembers(ownerUsername?: string): readonly FakeHomeMember[]
  /** A member's PIN (by uuid or title), or an owner's (by username or uuid); null: not protected. */
  setHomePin(who: string, pin: string | null): void
  /** Switching to the admin then asks for the admin's PIN too: 403/1041 when wrong, missing or never set. */
  setAdminPinRequired(required: boolean): void
  /** Switches made with a Plex JWT are refused with 403 (not 1041) while set. */
  setJwtSwitchRefused(refused: boolean): void
  /** How an account with no Plex Home is answered: a Home of one ('alone', the default) or a 404. */
  setNoHomeAnswer(answer: NoHomeAnswer): void
  /** Switch requests made with a valid token so far, refused ones included (one a fault rule answered is not counted). */
  switchCalls(): number
  /** Fields merged into every v2 switch answer from now on (replacing any set before). */
  setSwitchExtras(fields: Readonly<Record<string, unknown>>): void
  /** Every device of every account, with its tokens: what a test checks outputs and logs against. */
  devices(): readonly FakeDevice[]
  /**
   * While on, a PIN's poll never shows its token, though linking or approving it made one (and a
   * device): the half-made device a tool's minting must clean up.
   */
  withholdPinTokens(on: boolean): void
}

export function homeControls(state: FakeState): FakeHomeControls {
  const { homes } = state
  return {
    setHome: (members, owner = homes.defaultOwner) => homes.set(owner, members).map((m) => ({ ...m })),
    homeMembers: (owner = homes.defaultOwner) => homes.members(owner).map((m) => ({ ...m })),
    setHomePin: (who, pin) => homes.setPin(who, pin),
    setAdminPinRequired: (required) => {
      homes.adminPinRequired = required
    },
    setJwtSwitchRefused: (refused) => {
      homes.jwtSwitchRefused = refused
    },
    setNoHomeAnswer: (answer) => {
      homes.noHome = answer
    },
    switchCalls: () => homes.switchCalls,
    setSwitchExtras: (fields) => {
      homes.switchExtras = { ...fields }
    },
    devices: () => state.devices.all().map((d) => ({ ...d, tokens: [...d.tokens] })),
    withholdPinTokens: (on) => {
      state.withholdPinTokens = on
    },
  }
}
