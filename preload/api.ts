/**
 * The one IPC contract between main, preload and renderer.
 *
 * This module imports nothing, so all three processes can share it: main registers a handler for
 * every invoke channel (the compiler checks none is missing), the preload builds `window.plexkey`
 * from the same table, and the renderer imports its types only. Everything that crosses IPC is
 * plain, structured-clone-safe data; times are epoch milliseconds. No token ever appears here.
 */

/** How a sign-in attempt reaches the user: the hosted page (strong PIN) or plex.tv/link (4-char code). */
export type PinMode = 'browser' | 'link'

/** Every failure the app can explain. UI copy is keyed on `code`, never on `message`. */
export type ErrorCode =
  | 'network' // plex.tv could not be reached (DNS, refused, reset, offline)
  | 'timeout' // plex.tv took too long to answer
  | 'rate-limited' // 429: plex.tv asks us to slow down
  | 'pin-expired' // 404/1020: the PIN is unknown, expired or another client's; or it kept expiring unused
  | 'token-rejected' // 401/1001 or 422 "Invalid token": the token is no longer valid
  | 'bad-response' // plex.tv answered something we cannot read
  | 'home-pin-required' // 403/1041: switching to a Home user needs its PIN, and none or a wrong one was sent
  | 'device-gone' // 404 on removing a device: plex.tv no longer lists it
  | 'switch-refused' // plex.tv will not switch Home profiles for how this desktop signed in (a Plex JWT); the message says what works
  | 'plex-error' // plex.tv answered with an error we have no special handling for
  | 'keychain' // the OS keychain is unreachable, locked or refused
  | 'forbidden' // an IPC call from a sender we do not trust
  | 'invalid-argument' // an IPC call whose argument failed validation
  | 'invalid-state' // the request makes no sense in the current state (e.g. sign out while signed out)
  | 'unknown'

/** Errors are data: they cross IPC intact, unlike thrown exceptions. */
export interface AppError {
  readonly code: ErrorCode
  /** One or two plain sentences, safe to show as they are. */
  readonly message: string
  readonly retryable: boolean
  /** HTTP status, when the error came from plex.tv. */
  readonly status?: number
  /** Plex's own error code (1001, 1020, ...), when it sent one. */
  readonly plexCode?: number
  /** When trying again makes sense, from plex.tv's Retry-After, when it sent one. */
  readonly retryAt?: number
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AppError }

/**
 * The Plex account, as much of it as the UI may see. A field is null when it is not known: the
 * app was restored while plex.tv could not be reached, so only the keychain entry speaks.
 */
export interface AccountView {
  readonly id: number | null
  readonly uuid: string
  readonly username: string
  readonly title: string
  readonly email: string | null
  /** The avatar as a `data:` URL fetched by main (the CSP allows no remote images), or null. */
  readonly avatar: string | null
  readonly hasPlexPass: boolean | null
}

/** One live PIN, as the UI draws it. */
export interface PinView {
  readonly mode: PinMode
  readonly pinId: number
  /** 25 lowercase characters (browser) or 4 uppercase characters (link). */
  readonly code: string
  /** The hosted sign-in page (browser) or https://plex.tv/link (link). */
  readonly url: string
  /** What the QR code encodes (link mode), generated locally. */
  readonly qrPayload: string | null
  readonly expiresAt: number
  /** How many times this PIN has been replaced by a fresh one before expiry. */
  readonly renewals: number
}

/** The automatic retry the session is waiting for, after a transient failure while polling. */
export interface RetryNotice {
  readonly error: AppError
  readonly retryAt: number
}

/**
 * Why the user is signed out. 'signed-out-locally': the token left the keychain, but plex.tv could
 * not be told, so it stays valid there until removed under Authorized Devices.
 */
export type SignedOutReason = 'signed-out' | 'signed-out-locally' | 'token-rejected' | 'expired' | 'cancelled'

/** A mode whose PIN could not be made or ended in error while another mode is still waiting. */
export interface ModeFailure {
  readonly mode: PinMode
  readonly error: AppError
}

/** Where the token is kept, shown to the user so they know. */
export interface StorageView {
  /** Human name of the store, e.g. "GNOME Keyring (Secret Service)", "macOS Keychain". */
  readonly name: string
  /** Keychain service and account under which the token sits. */
  readonly service: string
  readonly account: string
}

/** The sign-in state, owned by main. Exactly one at a time. */
export type SignInState =
  | { readonly kind: 'restoring' }
  | { readonly kind: 'signed-out'; readonly reason?: SignedOutReason }
  | {
      readonly kind: 'starting'
      readonly modes: readonly PinMode[]
      /** The first PIN could not be created yet: why, and when the next try is. */
      readonly retry?: RetryNotice
    }
  | {
      readonly kind: 'waiting'
      /**
       * One PIN per mode in play; whichever is approved first wins. Empty while a mode has failed
       * and the other is still being created (see `starting` and `failed`).
       */
      readonly pins: readonly PinView[]
      /** Modes whose PIN plex.tv is still creating (a mode added while the other waits). */
      readonly starting: readonly PinMode[]
      /** Modes that failed while another still waits: the UI offers to try that mode again. */
      readonly failed: readonly ModeFailure[]
      readonly retry: RetryNotice | null
    }
  | {
      readonly kind: 'signed-in'
      readonly account: AccountView
      readonly checkedAt: number
      /** 'unreachable': plex.tv could not be asked; the token is kept and checked again later. */
      readonly health: 'ok' | 'unreachable' | 'checking'
      /** While unreachable: when plex.tv is asked again without anyone pressing a button. Null otherwise. */
      readonly nextCheckAt: number | null
      readonly storage: StorageView
    }
  | { readonly kind: 'error'; readonly error: AppError }

/** A numbered state: `seq` grows by one per change, so a late subscriber drops stale ones. */
export interface Snapshot {
  readonly seq: number
  readonly state: SignInState
}

export type AuthScheme = 'legacy' | 'jwt'

export interface Settings {
  readonly openAtLogin: boolean
  readonly authScheme: AuthScheme
  /** Use a server over plain http off this machine when it answers no other way (its token then crosses the network in the clear). */
  readonly allowUnencryptedServers: boolean
}

export interface AppInfo {
  readonly version: string
  readonly platform: string
  /** The persistent client identifier (not a secret: it is sent on every plex.tv request). */
  readonly clientId: string
}

/** How a server's chosen address is reached: its own network, the internet, or Plex's relay. */
export type ServerConnectionKind = 'local' | 'remote' | 'relay'

/**
 * What is known of one Media Server. `online`: an address proved to be that server (its /identity
 * named it); `encrypted` false when that address is plain http off this machine, which the user
 * allowed in the settings (`allowUnencryptedServers`). `unencrypted-only`: only such an address
 * answered, and the user has not allowed them. `unreachable`: plex.tv says it is up, but no
 * address answered as it from here; `offline`: plex.tv has not heard from it lately, and no
 * address answered either.
 */
export type ServerStateView =
  | {
      readonly kind: 'online'
      readonly via: ServerConnectionKind
      readonly url: string
      readonly rttMs: number
      readonly encrypted: boolean
    }
  | { readonly kind: 'unencrypted-only' }
  | { readonly kind: 'unreachable'; readonly tried: number }
  | { readonly kind: 'offline'; readonly tried: number }

/** One server as the window and the tray show it. Never its token: that stays in main. */
export interface ServerListing {
  readonly name: string
  readonly clientIdentifier: string
  readonly owned: boolean
  readonly state: ServerStateView
}

/** The account's servers, as last probed. */
export interface ServersView {
  readonly servers: readonly ServerListing[]
  readonly checkedAt: number
}

/**
 * One plex.tv account Plexkey holds. Several may be signed in; one is active, and its token is the
 * one handed out. `needsAttention`: plex.tv refused this account's saved token when last asked, so
 * it needs signing in again (the active account's health is in the sign-in state).
 */
export interface AccountListing {
  readonly uuid: string
  readonly username: string
  /** Untrusted text from plex.tv: escape it wherever it is shown. */
  readonly title: string
  /** A `data:` URL fetched by main, or null. */
  readonly avatar: string | null
  readonly active: boolean
  readonly needsAttention: boolean
}

/** One profile of the active account's Plex Home; the owner is the one marked `admin`. */
export interface ProfileListing {
  readonly uuid: string
  /** Untrusted text from plex.tv: escape it wherever it is shown. */
  readonly title: string
  /** A `data:` URL fetched by main, or null. */
  readonly avatar: string | null
  readonly admin: boolean
  /** Switching to it needs its 4-digit PIN. */
  readonly protected: boolean
  readonly restricted: boolean
  readonly active: boolean
}

/** The active account's Home profiles, as far as main knows them. */
export type ProfilesView =
  | { readonly kind: 'loading' }
  | { readonly kind: 'no-home' }
  | { readonly kind: 'listed'; readonly profiles: readonly ProfileListing[] }
  | { readonly kind: 'error'; readonly error: AppError }

/** Who Plexkey speaks for: the accounts, and the active account's profiles. Never a token. */
export interface IdentitiesView {
  readonly accounts: readonly AccountListing[]
  readonly profiles: ProfilesView
}

/**
 * A profile switch. The PIN crosses IPC here and nowhere else, once, and is not kept by main
 * beyond the one plex.tv call it is for. A wrong or missing one is the error 'home-pin-required';
 * after three wrong ones in a row that error carries `retryAt`, before which the next try waits.
 */
export interface ProfileSwitchRequest {
  readonly uuid: string
  readonly pin?: string
}

/**
 * Someone chose a protected Home profile outside the window (the tray's Account menu): the window
 * shows itself with that profile's PIN pad, since the PIN is typed there and nowhere else.
 */
export interface ProfilePinWanted {
  readonly uuid: string
}

/** A tool with a device of its own (`plexkey exec --as <tool>`). Never its token. */
export interface ToolListing {
  /** Letters, digits, `-` and `_`, up to 32 characters. */
  readonly name: string
  readonly clientIdentifier: string
  readonly createdAt: number
  /** From plex.tv's device list; null when plex.tv gave none or could not be asked. */
  readonly lastSeenAt: number | null
}

/** One place the account is signed in. Never its token: plex.tv lists them, main drops them. */
export interface DeviceListing {
  readonly id: number
  /** Untrusted text from plex.tv: escape it wherever it is shown. */
  readonly name: string
  readonly product: string
  readonly platform: string
  readonly clientIdentifier: string
  /** Epoch ms; null when plex.tv gave none. */
  readonly lastSeenAt: number | null
  /** Signed in under this install's own client id. */
  readonly thisDesktop: boolean
  /** The tool whose own device this is; null for every other device. */
  readonly tool: string | null
  /** Not seen for 90 days or more. */
  readonly stale: boolean
}

/**
 * What removing a device achieved (it is removed). `tokenRefused`: plex.tv now refuses the device's
 * token (true), still accepts it (false), or that is not known (null): plex.tv listed no token for
 * it, or could not be asked afterwards.
 */
export interface RemovalOutcome {
  readonly tokenRefused: boolean | null
}

/** Phantom-typed channel spec: the runtime table carries no values, only the compiler does. */
interface Spec<Req, Res> {
  readonly _req?: Req
  readonly _res?: Res
}
function spec<Req = void, Res = void>(): Spec<Req, Res> {
  return {}
}

/** Every invoke channel: renderer asks, main answers with a Result. Zero or one plain-object argument. */
export const invokeChannels = {
  'auth:get-state': spec<void, Result<Snapshot>>(),
  'auth:start': spec<{ readonly mode: PinMode }, Result<void>>(),
  'auth:cancel': spec<void, Result<void>>(),
  'auth:open-browser': spec<void, Result<void>>(),
  'auth:copy': spec<{ readonly what: 'code' | 'url'; readonly mode: PinMode }, Result<void>>(),
  'auth:check-now': spec<void, Result<void>>(),
  'auth:sign-out': spec<void, Result<void>>(),
  'app:get-info': spec<void, Result<AppInfo>>(),
  'app:open-help': spec<{ readonly topic: 'link' }, Result<void>>(),
  'app:copy-client-id': spec<void, Result<void>>(),
  'settings:get': spec<void, Result<Settings>>(),
  'settings:set': spec<Partial<Settings>, Result<Settings>>(),
  /** Asks plex.tv for the servers and probes them (bounded); joins a refresh already running. */
  'servers:refresh': spec<void, Result<ServersView>>(),
  'servers:copy-address': spec<{ readonly clientIdentifier: string }, Result<void>>(),
  'servers:open-web': spec<{ readonly clientIdentifier: string }, Result<void>>(),
  'identities:get': spec<void, Result<IdentitiesView>>(),
  /** Starts the usual sign-in for another account; the active one stays until it succeeds, and `auth:cancel` goes back. */
  'accounts:add': spec<{ readonly mode: PinMode }, Result<void>>(),
  'accounts:switch': spec<{ readonly uuid: string }, Result<void>>(),
  'accounts:sign-out': spec<{ readonly uuid: string }, Result<void>>(),
  'profiles:switch': spec<ProfileSwitchRequest, Result<void>>(),
  'tools:list': spec<void, Result<readonly ToolListing[]>>(),
  'tools:revoke': spec<{ readonly name: string }, Result<RemovalOutcome>>(),
  'devices:list': spec<void, Result<readonly DeviceListing[]>>(),
  'devices:remove': spec<{ readonly id: number }, Result<RemovalOutcome>>(),
} as const

/** Every event channel: main tells the renderer. */
export const eventChannels = {
  'auth:state-changed': spec<Snapshot, void>(),
  /** Every new server list main probed, whoever asked (resume, network back, the window itself). */
  'servers:changed': spec<ServersView, void>(),
  /** Accounts or profiles changed (added, switched, signed out, a profile list fetched). */
  'identities:changed': spec<IdentitiesView, void>(),
  /** A protected profile was chosen in the tray: the window opens its PIN pad. */
  'profiles:pin-wanted': spec<ProfilePinWanted, void>(),
} as const

export type InvokeChannel = keyof typeof invokeChannels
export type EventChannel = keyof typeof eventChannels
export type InvokeRequest<C extends InvokeChannel> = Exclude<(typeof invokeChannels)[C]['_req'], undefined>
export type InvokeResponse<C extends InvokeChannel> = Exclude<(typeof invokeChannels)[C]['_res'], undefined>
export type EventPayload<C extends EventChannel> = Exclude<(typeof eventChannels)[C]['_req'], undefined>

export type Unsubscribe = () => void

/** What the renderer finds on `window.plexkey`. One method per channel, nothing else. */
export interface PlexkeyApi {
  readonly auth: {
    getState(): Promise<Result<Snapshot>>
    start(request: { readonly mode: PinMode }): Promise<Result<void>>
    cancel(): Promise<Result<void>>
    openBrowser(): Promise<Result<void>>
    copy(request: { readonly what: 'code' | 'url'; readonly mode: PinMode }): Promise<Result<void>>
    checkNow(): Promise<Result<void>>
    signOut(): Promise<Result<void>>
    onStateChanged(listener: (snapshot: Snapshot) => void): Unsubscribe
  }
  readonly app: {
    getInfo(): Promise<Result<AppInfo>>
    openHelp(request: { readonly topic: 'link' }): Promise<Result<void>>
    /** Puts this install's client id on the clipboard (it names the computer at plex.tv; not a secret). */
    copyClientId(): Promise<Result<void>>
  }
  readonly settings: {
    get(): Promise<Result<Settings>>
    set(patch: Partial<Settings>): Promise<Result<Settings>>
  }
  readonly servers: {
    refresh(): Promise<Result<ServersView>>
    copyAddress(request: { readonly clientIdentifier: string }): Promise<Result<void>>
    openWeb(request: { readonly clientIdentifier: string }): Promise<Result<void>>
    /** Every list main probes, whoever asked for it. */
    onChanged(listener: (view: ServersView) => void): Unsubscribe
  }
  readonly identities: {
    get(): Promise<Result<IdentitiesView>>
    onChanged(listener: (view: IdentitiesView) => void): Unsubscribe
  }
  readonly accounts: {
    add(request: { readonly mode: PinMode }): Promise<Result<void>>
    switch(request: { readonly uuid: string }): Promise<Result<void>>
    signOut(request: { readonly uuid: string }): Promise<Result<void>>
  }
  readonly profiles: {
    switch(request: ProfileSwitchRequest): Promise<Result<void>>
    /** A protected profile chosen outside the window, whose PIN the window is to ask. */
    onPinWanted(listener: (wanted: ProfilePinWanted) => void): Unsubscribe
  }
  readonly tools: {
    list(): Promise<Result<readonly ToolListing[]>>
    revoke(request: { readonly name: string }): Promise<Result<RemovalOutcome>>
  }
  readonly devices: {
    list(): Promise<Result<readonly DeviceListing[]>>
    remove(request: { readonly id: number }): Promise<Result<RemovalOutcome>>
  }
}
