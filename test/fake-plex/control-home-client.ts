import type { FakeDevice } from './devices-state'
import type { FakeHomeMember, FakeHomeMemberSpec, NoHomeAnswer } from './home-state'

/** The Home and device controls over HTTP, for a fake running in another process. */
export interface FakeHomeControlClient {
  setHome(members: readonly FakeHomeMemberSpec[] | null, ownerUsername?: string): Promise<readonly FakeHomeMember[]>
  homeMembers(ownerUsername?: string): Promise<readonly FakeHomeMember[]>
  setHomePin(who: string, pin: string | null): Promise<void>
  setAdminPinRequired(required: boolean): Promise<void>
  setJwtSwitchRefused(refused: boolean): Promise<void>
  setNoHomeAnswer(answer: NoHomeAnswer): Promise<void>
  switchCalls(): Promise<number>
  setSwitchExtras(fields: Readonly<Record<string, unknown>>): Promise<void>
  devices(): Promise<readonly FakeDevice[]>
  withholdPinTokens(on: boolean): Promise<void>
}

export type ControlCall = (method: string, action: string, body?: unknown) => Promise<unknown>

export function homeControlClient(call: ControlCall): FakeHomeControlClient {
  return {
    setHome: async (members, owner) => (await call('POST', 'home', { members, owner })) as FakeHomeMember[],
    homeMembers: async (owner) =>
      (await call('GET', owner === undefined ? 'home-members' : `home-members?owner=${encodeURIComponent(owner)}`)) as FakeHomeMember[],
    setHomePin: async (who, pin) => void (await call('POST', 'home-pin', { who, pin })),
    setAdminPinRequired: async (required) => void (await call('POST', 'admin-pin-required', { required })),
    setJwtSwitchRefused: async (refused) => void (await call('POST', 'jwt-switch-refused', { refused })),
    setNoHomeAnswer: async (answer) => void (await call('POST', 'no-home-answer', { answer })),
    switchCalls: async () => ((await call('GET', 'switch-calls')) as { count: number }).count,
    setSwitchExtras: async (fields) => void (await call('POST', 'switch-extras', { fields })),
    devices: async () => (await call('GET', 'devices')) as FakeDevice[],
    withholdPinTokens: async (on) => void (await call('POST', 'withhold-pin-tokens', { on })),
  }
}
