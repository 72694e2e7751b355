import type { InvokeChannel } from '../../preload/api'
import { fail } from '../core/result'
import type { InvokeHandler } from './ipc-handlers'

type IdentityChannel = Extract<InvokeChannel, `identities:${string}` | `accounts:${string}` | `profiles:${string}` | `tools:${string}` | `devices:${string}`>

const notYet = () => fail('invalid-state', 'This is not available in this build.')

/** Accounts, profiles, tools and devices in the window: wired in the next steps. */
export function createIdentityHandlers(): { readonly [C in IdentityChannel]: InvokeHandler<C> } {
  return {
    'identities:get': notYet,
    'accounts:add': notYet,
    'accounts:switch': notYet,
    'accounts:sign-out': notYet,
    'profiles:switch': notYet,
    'tools:list': notYet,
    'tools:revoke': notYet,
    'devices:list': notYet,
    'devices:remove': notYet,
  }
}
