/**
 * The control API, for processes that cannot call the FakePlex object (a CLI under test, a demo
 * script, the /auth page). JSON in, JSON out; never recorded, never faulted.
 *
 *   POST   /__control/approve              {pin: id|code, user?: Partial<FakeUser>, clientId?}  -> 200 {token} | 404 {error}
 *   POST   /__control/revoke               {token}                                              -> 204
 *   POST   /__control/fault                FaultRule as JSON; a RegExp path goes as {pathRegex, pathFlags?} -> 204
 *   POST   /__control/clear                clears every fault                                   -> 204
 *   GET    /__control/requests             -> 200 RecordedRequest[]
 *   DELETE /__control/requests             forgets the recorded requests                        -> 204
 *   POST   /__control/lifetimes            {strongSec?, linkSec?}                               -> 204
 *   POST   /__control/approve-after-polls  {polls: number | null, user?: Partial<FakeUser>}    -> 204
 *   GET    /__control/pins                 -> 200 FakePin[]
 *   GET    /__control/tokens               -> 200 string[]
 *   GET    /__control/issued-tokens        every token ever issued, revoked ones too -> 200 string[]
 *   POST   /__control/rotate-signing-key   new signing key for Plex JWTs (the old one stays listed) -> 204
 *   POST   /__control/revoke-device-key    {clientId}: /auth/token then answers 422 for its key  -> 204
 *   POST   /__control/jwt-lifetime         {sec}: lifetime of Plex JWTs issued from now on      -> 204
 *   GET    /__control/device-keys          -> 200 FakeDeviceKey[]
 *
 * The Home and device controls are listed in control-home.ts.
 *
 * `clientId` on approve makes it act like the hosted page: only the PIN created by that client id.
 * A PIN created with a device key is approved with a Plex JWT, which `token` then is.
 */
import { handleHomeControl } from './control-home'
import type { FakeRequest } from './http-io'
import { send } from './http-io'
import type { FakeState } from './state'
import type { FakePlex, FakeUser, FaultRule } from './types'

export interface SerializedFaultRule extends Omit<FaultRule, 'path' | 'holdUntil'> {
  path?: string
  pathRegex?: string
  pathFlags?: string
}

export function serializeFault(rule: FaultRule): SerializedFaultRule {
  const { path, holdUntil, ...rest } = rule
  if (holdUntil !== undefined) throw new Error('holdUntil holds a request of an in-process fake only; the control API cannot carry it.')
  if (path instanceof RegExp) return { ...rest, pathRegex: path.source, pathFlags: path.flags }
  return path === undefined ? rest : { ...rest, path }
}

export function deserializeFault(input: SerializedFaultRule): FaultRule {
  const { pathRegex, pathFlags, ...rest } = input
  return pathRegex === undefined ? rest : { ...rest, path: new RegExp(pathRegex, pathFlags) }
}

function json(r: FakeRequest, status: number, value: unknown): void {
  send(r.res, status, JSON.stringify(value), 'application/json; charset=utf-8')
}

function noContent(r: FakeRequest): void {
  r.res.writeHead(204).end()
}

function object(body: string): Record<string, unknown> {
  const parsed: unknown = body === '' ? {} : JSON.parse(body)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('Expected a JSON object')
  return parsed as Record<string, unknown>
}

export async function handleControl(fake: FakePlex, state: FakeState, r: FakeRequest): Promise<void> {
  const action = `${r.method} ${r.path.slice('/__control/'.length)}`
  let input: Record<string, unknown>
  try {
    input = object(r.body)
  } catch (e) {
    return json(r, 400, { error: (e as Error).message })
  }
  switch (action) {
    case 'POST approve': {
      const pin = input['pin']
      if (typeof pin !== 'number' && typeof pin !== 'string') return json(r, 400, { error: 'pin must be an id or a code' })
      const clientId = typeof input['clientId'] === 'string' ? input['clientId'] : undefined
      try {
        return json(r, 200, { token: await state.approveAny(pin, (input['user'] ?? {}) as Partial<FakeUser>, clientId) })
      } catch (e) {
        return json(r, 404, { error: (e as Error).message })
      }
    }
    case 'POST revoke':
      fake.revoke(String(input['token']))
      return noContent(r)
    case 'POST fault':
      fake.fault(deserializeFault(input as SerializedFaultRule))
      return noContent(r)
    case 'POST clear':
      fake.clearFaults()
      return noContent(r)
    case 'GET requests':
      return json(r, 200, fake.requests)
    case 'DELETE requests':
      fake.clearRequests()
      return noContent(r)
    case 'POST lifetimes':
      fake.setLifetimes(input as { strongSec?: number; linkSec?: number })
      return noContent(r)
    case 'POST approve-after-polls': {
      const polls = input['polls']
      fake.setApproveAfterPolls(typeof polls === 'number' ? polls : undefined, (input['user'] ?? {}) as Partial<FakeUser>)
      return noContent(r)
    }
    case 'GET pins':
      return json(r, 200, fake.pins())
    case 'GET tokens':
      return json(r, 200, fake.tokens())
    case 'GET issued-tokens':
      return json(r, 200, fake.issuedTokens())
    case 'POST rotate-signing-key':
      await fake.rotateSigningKey()
      return noContent(r)
    case 'POST revoke-device-key':
      if (typeof input['clientId'] !== 'string') return json(r, 400, { error: 'clientId must be a string' })
      fake.revokeDeviceKey(input['clientId'])
      return noContent(r)
    case 'POST jwt-lifetime': {
      const sec = input['sec']
      if (typeof sec !== 'number' || !(sec > 0)) return json(r, 400, { error: 'sec must be a positive number' })
      fake.setJwtLifetime(sec)
      return noContent(r)
    }
    case 'GET device-keys':
      return json(r, 200, fake.deviceKeys())
    default:
      if (!handleHomeControl(fake, r, action, input)) json(r, 404, { error: `Unknown control action ${action}` })
      return
  }
}
