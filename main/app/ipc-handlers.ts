import type { AppInfo, InvokeChannel, InvokeRequest, InvokeResponse, Result, Settings } from '../../preload/api'
import { fail, ok } from '../core/result'
import type { ServerDirectory } from '../core/servers/server-directory'
import type { SignInService } from '../core/signin/signin-service'
import { createBrowserSignIn, openBrowserPage } from './browser-sign-in'
import type { AccountActions } from './account-actions'
import type { DeviceActions } from './device-actions'
import { helpLinks } from './help-links'
import { createIdentityHandlers } from './identity-handlers'
import { createServerActions } from './server-actions'
import type { ProfileActions } from './profile-actions'
import type { ToolActions } from './tool-actions'

/** One handler per invoke channel; its argument has already passed the sender check and zod. */
export type InvokeHandler<C extends InvokeChannel> = (
  request: InvokeRequest<C>,
) => InvokeResponse<C> | Promise<InvokeResponse<C>>

/** A mapped type over the contract: leaving a channel out does not compile. */
export type InvokeHandlers = { readonly [C in InvokeChannel]: InvokeHandler<C> }

/** Settings as the handlers see them: read, and a patch that is saved and applied. */
export interface SettingsAccess {
  get(): Settings
  update(patch: Partial<Settings>): Promise<Result<Settings>>
}

export interface IpcHandlerDeps {
  readonly service: SignInService
  readonly settings: SettingsAccess
  /** The safe opener (safe-open-external.ts): https, allowlisted hosts only. */
  readonly openExternal: (url: string) => Promise<Result<void>>
  readonly writeClipboard: (text: string) => void
  readonly appInfo: () => AppInfo
  /** The account's servers; their tokens stay inside it. */
  readonly servers: ServerDirectory
  /** Where the account is signed in; the devices' tokens stay inside it. */
  readonly devices: DeviceActions
  /** The tools with a device of their own; their tokens stay inside it. */
  readonly tools: ToolActions
  /** The active account's Home profiles; their tokens and any PIN stay inside it. */
  readonly profiles: ProfileActions
  /** The kept accounts; their tokens stay inside it. */
  readonly accounts: AccountActions
  /**
   * The shared "Sign in with your browser" action (browser-sign-in.ts), so the window, the tray
   * and the notification never open the page twice. Made here when not given.
   */
  readonly startBrowserSignIn?: () => Result<void>
}

/** What every channel does. The token is never read here: the service keeps it. */
export function createIpcHandlers(deps: IpcHandlerDeps): InvokeHandlers {
  const { service } = deps
  const startBrowserSignIn = deps.startBrowserSignIn ?? createBrowserSignIn({ service, openExternal: deps.openExternal })
  const serverActions = createServerActions(deps)
  return {
    'auth:get-state': () => ok(service.getSnapshot()),
    // Browser mode opens the hosted page as soon as the PIN exists; link mode only shows its code.
    'auth:start': ({ mode }) => (mode === 'browser' ? startBrowserSignIn() : service.start(mode)),
    'auth:cancel': () => service.cancel(),
    // Only the URL of our own live PIN is opened: the renderer never names one. openExternal is
    // the safe opener, which checks the URL against the allowlist again.
    'auth:open-browser': () => openBrowserPage(service, deps.openExternal),
    'auth:copy': ({ what, mode }) => {
      const pin = service.pin(mode)
      if (!pin) return fail('invalid-state', 'There is no sign-in code to copy. Start signing in first.')
      deps.writeClipboard(what === 'code' ? pin.code : pin.url)
      return ok(undefined)
    },
    'auth:check-now': () => service.checkNow(),
    'auth:sign-out': () => service.signOut(),
    'app:get-info': () => ok(deps.appInfo()),
    // A fixed URL per topic, through the safe opener.
    'app:open-help': ({ topic }) => deps.openExternal(helpLinks[topic]), // eng-disable OPEN_EXTERNAL_JS_CHECK
    // main's own client id: the renderer names nothing to copy.
    'app:copy-client-id': () => {
      deps.writeClipboard(deps.appInfo().clientId)
      return ok(undefined)
    },
    'settings:get': () => ok(deps.settings.get()),
    'settings:set': (patch) => deps.settings.update(patch),
    'servers:refresh': () => deps.servers.refresh(),
    'servers:copy-address': ({ clientIdentifier }) => serverActions.copyAddress(clientIdentifier),
    'servers:open-web': ({ clientIdentifier }) => serverActions.openInPlexWeb(clientIdentifier),
    ...createIdentityHandlers(deps),
  }
}

