import type { InvokeChannel } from '../../preload/api'
import { fail } from '../core/result'
import type { DeviceActions } from './device-actions'
import type { InvokeHandler } from './ipc-handlers'
import type { ProfileActions } from './profile-actions'
import type { ToolActions } from './tool-actions'

type IdentityChannel = Extract<InvokeChannel, `identities:${string}` | `accounts:${string}` | `profiles:${string}` | `tools:${string}` | `devices:${string}`>

const notYet = () => fail('invalid-state', 'This is not available in this build.')

export interface IdentityHandlerDeps {
  /** Where the account is signed in; the devices' tokens stay inside it. */
  readonly devices: DeviceActions
  /** The tools with a device of their own; their tokens stay inside it. */
  readonly tools: ToolActions
  /** The active account's Home profiles; their tokens, and a PIN sent with a switch, stay inside it. */
  readonly profiles: ProfileActions
}

/** Accounts, profiles, tools and devices in the window. Accounts answer not-yet. */
export function createIdentityHandlers(deps: IdentityHandlerDeps): { readonly [C in IdentityChannel]: InvokeHandler<C> } {
  return {
    'identities:get': notYet,
    'accounts:add': notYet,
    'accounts:switch': notYet,
    'accounts:sign-out': notYet,
    // The request carries the PIN: handed on as it is, never logged here.
    'profiles:switch': (request) => deps.profiles.switchTo(request),
    'tools:list': () => deps.tools.list(),
    'tools:revoke': ({ name }) => deps.tools.revoke(name),
    'devices:list': () => deps.devices.list(),
    'devices:remove': ({ id }) => deps.devices.remove(id),
  }
}
