import type {
  AppError,
  AppInfo,
  DeviceListing,
  IdentitiesView,
  PinMode,
  PlexkeyApi,
  ProfilePinWanted,
  RemovalOutcome,
  Result,
  ServersView,
  Settings,
  Snapshot,
  ToolListing,
  Unsubscribe,
} from '../../preload/api'

/** One call the renderer made into main. */
export interface RecordedCall {
  readonly method: string
  readonly request?: unknown
}

/**
 * The contract, faked: records every call, answers with queued results (success by default) and
 * lets a test play main by emitting snapshots. It `implements PlexkeyApi`, so a change to the
 * contract breaks it at compile time.
 */
export class FakePlexkeyApi implements PlexkeyApi {
  readonly calls: RecordedCall[] = []
  private readonly listeners = new Set<(snapshot: Snapshot) => void>()
  private readonly serverListeners = new Set<(view: ServersView) => void>()
  private readonly failures = new Map<string, AppError>()
  /** What `auth.getState()` answers; a promise lets a test hold the answer back. */
  stateAnswer: Promise<Result<Snapshot>>
  /** The settings main holds: `settings.set` changes them when it succeeds, and only then. */
  settingsValue: Settings = { openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false }
  /** What `servers.refresh` answers. */
  serversValue: ServersView = { servers: [], checkedAt: 0 }
  /** What `identities.get` answers: one account, no Plex Home, unless a test says otherwise. */
  identitiesValue: IdentitiesView = { accounts: [], profiles: { kind: 'no-home' } }
  /** Set: what `identities.get` answers instead, so a test can hold the answer back. */
  identitiesAnswer: Promise<Result<IdentitiesView>> | null = null
  private readonly identityListeners = new Set<(view: IdentitiesView) => void>()
  private readonly pinWantedListeners = new Set<(wanted: ProfilePinWanted) => void>()
  /** What `tools.list` and `devices.list` answer. */
  toolsValue: readonly ToolListing[] = []
  devicesValue: readonly DeviceListing[] = []
  /** What `tools.revoke` and `devices.remove` answer when they succeed. */
  removalValue: RemovalOutcome = { tokenRefused: true }
  private readonly held = new Map<string, Promise<void>>()

  constructor(initial: Snapshot) {
    this.stateAnswer = Promise.resolve({ ok: true, value: initial })
  }

  /** Plays main: sends a snapshot to every subscriber. */
  emit(snapshot: Snapshot): void {
    for (const listener of [...this.listeners]) listener(snapshot)
  }

  /** Plays main probing the servers on its own: sends the list to every subscriber. */
  emitServers(view: ServersView): void {
    for (const listener of [...this.serverListeners]) listener(view)
  }

  /** Plays main telling the window the accounts or profiles changed. */
  emitIdentities(view: IdentitiesView): void {
    this.identitiesValue = view
    for (const listener of [...this.identityListeners]) listener(view)
  }

  /** Plays main after a protected profile was chosen in the tray. */
  emitPinWanted(wanted: ProfilePinWanted): void {
    for (const listener of [...this.pinWantedListeners]) listener(wanted)
  }

  get serverListenerCount(): number {
    return this.serverListeners.size
  }

  /**
   * The next call to `method` (e.g. 'tools.list') answers only once the returned function is
   * called, so a test can see what the window shows meanwhile.
   */
  holdNext(method: string): () => void {
    let release = (): void => undefined
    this.held.set(method, new Promise<void>((resolve) => (release = resolve)))
    return () => release()
  }

  /** The next call to `method` (e.g. 'auth.copy') fails with this error. */
  failNext(method: string, error: AppError): void {
    this.failures.set(method, error)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  /** Names of the calls so far, in order. */
  callNames(): string[] {
    return this.calls.map((call) => call.method)
  }

  private record<T>(method: string, request: unknown, value: T): Promise<Result<T>> {
    this.calls.push(request === undefined ? { method } : { method, request })
    const error = this.failures.get(method)
    if (error !== undefined) this.failures.delete(method)
    const answer: Result<T> = error === undefined ? { ok: true, value } : { ok: false, error }
    const held = this.held.get(method)
    if (held === undefined) return Promise.resolve(answer)
    this.held.delete(method)
    return held.then(() => answer)
  }

  readonly auth: PlexkeyApi['auth'] = {
    getState: () => {
      this.calls.push({ method: 'auth.getState' })
      return this.stateAnswer
    },
    start: (request: { readonly mode: PinMode }) => this.record('auth.start', request, undefined),
    cancel: () => this.record('auth.cancel', undefined, undefined),
    openBrowser: () => this.record('auth.openBrowser', undefined, undefined),
    copy: (request) => this.record('auth.copy', request, undefined),
    checkNow: () => this.record('auth.checkNow', undefined, undefined),
    signOut: () => this.record('auth.signOut', undefined, undefined),
    onStateChanged: (listener): Unsubscribe => {
      this.calls.push({ method: 'auth.onStateChanged' })
      this.listeners.add(listener)
      return () => this.listeners.delete(listener)
    },
  }

  readonly app: PlexkeyApi['app'] = {
    getInfo: () => this.record<AppInfo>('app.getInfo', undefined, { version: '0.1.0', platform: 'linux', clientId: 'test-client' }),
    openHelp: (request) => this.record('app.openHelp', request, undefined),
    copyClientId: () => this.record('app.copyClientId', undefined, undefined),
  }

  readonly settings: PlexkeyApi['settings'] = {
    get: () => this.record<Settings>('settings.get', undefined, this.settingsValue),
    set: async (patch) => {
      const result = await this.record<Settings>('settings.set', patch, { ...this.settingsValue, ...patch })
      if (result.ok) this.settingsValue = result.value
      return result
    },
  }

  readonly servers: PlexkeyApi['servers'] = {
    refresh: () => this.record<ServersView>('servers.refresh', undefined, this.serversValue),
    copyAddress: (request) => this.record('servers.copyAddress', request, undefined),
    openWeb: (request) => this.record('servers.openWeb', request, undefined),
    onChanged: (listener): Unsubscribe => {
      this.calls.push({ method: 'servers.onChanged' })
      this.serverListeners.add(listener)
      return () => this.serverListeners.delete(listener)
    },
  }

  readonly identities: PlexkeyApi['identities'] = {
    get: () => {
      const answer = this.record<IdentitiesView>('identities.get', undefined, this.identitiesValue)
      return this.identitiesAnswer ?? answer
    },
    onChanged: (listener): Unsubscribe => {
      this.calls.push({ method: 'identities.onChanged' })
      this.identityListeners.add(listener)
      return () => this.identityListeners.delete(listener)
    },
  }

  readonly accounts: PlexkeyApi['accounts'] = {
    add: (request) => this.record('accounts.add', request, undefined),
    switch: (request) => this.record('accounts.switch', request, undefined),
    signOut: (request) => this.record('accounts.signOut', request, undefined),
  }

  readonly profiles: PlexkeyApi['profiles'] = {
    switch: (request) => this.record('profiles.switch', request, undefined),
    onPinWanted: (listener): Unsubscribe => {
      this.calls.push({ method: 'profiles.onPinWanted' })
      this.pinWantedListeners.add(listener)
      return () => this.pinWantedListeners.delete(listener)
    },
  }

  readonly tools: PlexkeyApi['tools'] = {
    list: () => this.record('tools.list', undefined, this.toolsValue),
    revoke: (request) => this.record('tools.revoke', request, this.removalValue),
  }

  readonly devices: PlexkeyApi['devices'] = {
    list: () => this.record('devices.list', undefined, this.devicesValue),
    remove: (request) => this.record('devices.remove', request, this.removalValue),
  }
}
