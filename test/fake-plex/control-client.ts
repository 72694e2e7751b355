import { serializeFault } from './control'
import { type FakeHomeControlClient, homeControlClient } from './control-home-client'
import type { FakeDeviceKey, FakePin, FakeUser, FaultRule, RecordedRequest } from './types'

/** The FakePlex controls over HTTP, for a fake running in another process (`npm run fake-plex`). */
export interface FakePlexControl extends FakeHomeControlClient {
  approve(pin: number | string, user?: Partial<FakeUser>): Promise<string>
  revoke(token: string): Promise<void>
  setLifetimes(l: { strongSec?: number; linkSec?: number }): Promise<void>
  setApproveAfterPolls(k: number | undefined, as?: Partial<FakeUser>): Promise<void>
  fault(rule: FaultRule): Promise<void>
  clearFaults(): Promise<void>
  requests(): Promise<readonly RecordedRequest[]>
  clearRequests(): Promise<void>
  pins(): Promise<readonly FakePin[]>
  tokens(): Promise<readonly string[]>
  issuedTokens(): Promise<readonly string[]>
  rotateSigningKey(): Promise<void>
  revokeDeviceKey(clientId: string): Promise<void>
  setJwtLifetime(sec: number): Promise<void>
  deviceKeys(): Promise<readonly FakeDeviceKey[]>
}

export function fakePlexControl(baseUrl: string): FakePlexControl {
  const call = async (method: string, action: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${baseUrl}/__control/${action}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`fake plex.tv ${action}: ${res.status} ${text}`)
    return text === '' ? undefined : JSON.parse(text)
  }
  return {
    approve: async (pin, user) => ((await call('POST', 'approve', { pin, user })) as { token: string }).token,
    revoke: async (token) => void (await call('POST', 'revoke', { token })),
    setLifetimes: async (l) => void (await call('POST', 'lifetimes', l)),
    setApproveAfterPolls: async (k, as) => void (await call('POST', 'approve-after-polls', { polls: k ?? null, user: as ?? {} })),
    fault: async (rule) => void (await call('POST', 'fault', serializeFault(rule))),
    clearFaults: async () => void (await call('POST', 'clear')),
    requests: async () => (await call('GET', 'requests')) as RecordedRequest[],
    clearRequests: async () => void (await call('DELETE', 'requests')),
    pins: async () => (await call('GET', 'pins')) as FakePin[],
    tokens: async () => (await call('GET', 'tokens')) as string[],
    issuedTokens: async () => (await call('GET', 'issued-tokens')) as string[],
    rotateSigningKey: async () => void (await call('POST', 'rotate-signing-key')),
    revokeDeviceKey: async (clientId) => void (await call('POST', 'revoke-device-key', { clientId })),
    setJwtLifetime: async (sec) => void (await call('POST', 'jwt-lifetime', { sec })),
    deviceKeys: async () => (await call('GET', 'device-keys')) as FakeDeviceKey[],
    ...homeControlClient(call),
  }
}
