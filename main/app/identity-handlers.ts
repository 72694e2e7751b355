import type { InvokeChannel } from '../../preload/api'
import type { AccountActions } from './account-actions'
import type { DeviceActions } from './device-actions'
import type { InvokeHandler } from './ipc-handlers'
import type { ProfileActions } from './profile-actions'
import type { ToolActions } from './tool-actions'

type IdentityChannel = Extract<InvokeChannel, `identities:${string}` | `accounts:${string}` | `profiles:${string}` | `tools:${string}` | `devices:${string}`>


export interface IdentityHandlerDeps {
  /** The kept accounts: listed, added, switched and signed out; their tokens stay inside it. */
  readonly accounts: AccountActions
  /** Where the account is signed in; the devices' tokens stay inside it. */
  readonly devices: DeviceActions
  /** The tools with a device of their own; their tokens stay inside it. */
  readonly tools: ToolActions
  /** The active account's Home profiles; their tokens, and a PIN sent with a switch, stay inside it. */
  readonly profiles: ProfileActions
}

/** Accounts, profiles, tools and devices in the window: each answered by the part of main that keeps it. */
export function createIdentityHandlers(deps: IdentityHandlerDeps): { readonly [C in IdentityChannel]: InvokeHandler<C> } {
  return {
    'identities:get': () => deps.accounts.view(),
    'accounts:add': ({ mode }) => deps.accounts.add(mode),
    'accounts:switch': ({ uuid }) => deps.accounts.switchTo(uuid),
    'accounts:sign-out': ({ uuid }) => deps.accounts.signOut(uuid),
    // The request carries the PIN: handed on as it is, never logged here.
    'profiles:switch': (request) => deps.profiles.switchTo(request),
    'tools:list': () => deps.tools.list(),
    'tools:revoke': ({ name }) => deps.tools.revoke(name),
    'devices:list': () => deps.devices.list(),
    'devices:remove': ({ id }) => deps.devices.remove(id),
  }
}
