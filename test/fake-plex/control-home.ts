/**
 * The Home and device controls over HTTP (see control.ts for the rest):
 *
 *   POST   /__control/home               {members: FakeHomeMemberSpec[] | null, owner?: username} -> 200 FakeHomeMember[]
 *   GET    /__control/home-members       ?owner=<username>                                        -> 200 FakeHomeMember[]
 *   POST   /__control/home-pin           {who: uuid|title|username, pin: string | null}           -> 204 | 404 {error}
 *   POST   /__control/admin-pin-required {required: boolean}                                      -> 204
 *   POST   /__control/jwt-switch-refused {refused: boolean}                                       -> 204
 *   POST   /__control/no-home-answer     {answer: 'alone' | 'error'}                              -> 204
 *   GET    /__control/switch-calls       -> 200 {count}
 *   POST   /__control/switch-extras      {fields: object}                                         -> 204
 *   GET    /__control/devices            every device of every account, tokens included -> 200 FakeDevice[]
 *   POST   /__control/withhold-pin-tokens {on: boolean}: polls show no PIN's token while on      -> 204
 *
 * A 429 on switching is a fault rule like any other: {pathRegex: "/switch$", status: 429}.
 */
import type { FakeHomeControls } from './home-controls'
import type { FakeHomeMemberSpec } from './home-state'
import type { FakeRequest } from './http-io'
import { send } from './http-io'

function json(r: FakeRequest, status: number, value: unknown): void {
  send(r.res, status, JSON.stringify(value), 'application/json; charset=utf-8')
}

function noContent(r: FakeRequest): void {
  r.res.writeHead(204).end()
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** Answers a Home or device control action; false when `action` is none of them. */
export function handleHomeControl(fake: FakeHomeControls, r: FakeRequest, action: string, input: Record<string, unknown>): boolean {
  switch (action) {
    case 'POST home': {
      const members = input['members']
      if (members !== null && !Array.isArray(members)) json(r, 400, { error: 'members must be an array or null' })
      else json(r, 200, fake.setHome(members as FakeHomeMemberSpec[] | null, optionalString(input['owner'])))
      return true
    }
    case 'GET home-members':
      json(r, 200, fake.homeMembers(r.url.searchParams.get('owner') ?? undefined))
      return true
    case 'POST home-pin': {
      const pin = input['pin']
      const who = input['who']
      if (typeof who !== 'string' || (pin !== null && typeof pin !== 'string')) {
        json(r, 400, { error: 'who must be a string, pin a string or null' })
        return true
      }
      try {
        fake.setHomePin(who, pin)
        noContent(r)
      } catch (e) {
        json(r, 404, { error: (e as Error).message })
      }
      return true
    }
    case 'POST admin-pin-required':
      fake.setAdminPinRequired(input['required'] === true)
      noContent(r)
      return true
    case 'POST jwt-switch-refused':
      fake.setJwtSwitchRefused(input['refused'] === true)
      noContent(r)
      return true
    case 'POST no-home-answer':
      if (input['answer'] !== 'alone' && input['answer'] !== 'error') json(r, 400, { error: "answer must be 'alone' or 'error'" })
      else {
        fake.setNoHomeAnswer(input['answer'])
        noContent(r)
      }
      return true
    case 'GET switch-calls':
      json(r, 200, { count: fake.switchCalls() })
      return true
    case 'POST switch-extras': {
      const fields = input['fields']
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) json(r, 400, { error: 'fields must be an object' })
      else {
        fake.setSwitchExtras(fields as Record<string, unknown>)
        noContent(r)
      }
      return true
    }
    case 'GET devices':
      json(r, 200, fake.devices())
      return true
    case 'POST withhold-pin-tokens':
      fake.withholdPinTokens(input['on'] === true)
      noContent(r)
      return true
    default:
      return false
  }
}
