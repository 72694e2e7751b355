/**
 * A small recording stand-in for the `electron` module, used by the node test project (vitest
 * aliases `electron` here, because no Electron binary runs on these machines).
 *
 * It implements only what the app calls, remembers what it was asked, and lets a test play the
 * parts Electron would (a renderer invoking a channel, the OS resuming from sleep, a click on a
 * notification). Every object is created once and mutated in place by `standIn.reset()`, because
 * the modules under test hold on to what they imported.
 *
 * Where the app relies on how Electron behaves, the stand-in behaves the same way, not the way Node
 * would, and says where Electron does it: its own code (electron/electron, lib/, shell/ and spec/)
 * wherever that was read, and otherwise where it documents it (node_modules/electron/electron.d.ts,
 * electronjs.org/docs/api). Where the typings and the code disagree, the code wins.
 * test/app/electron-stand-in.test.ts states each of these behaviours.
 */
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { net, partitions, readiness, session } from './electron-stand-in-net'

type Listener = (...args: unknown[]) => unknown

/** An Electron-style event: `preventDefault()` is remembered so tests can see what was blocked. */
export class StandInEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export class StandInFrame {
  private static nextRoutingId = 1
  readonly routingId = StandInFrame.nextRoutingId++
  readonly processId: number
  constructor(
    public url: string,
    readonly parent: StandInFrame | null = null,
    processId = 1,
  ) {
    this.processId = processId
  }
  get top(): StandInFrame {
    return this.parent ? this.parent.top : this
  }
}

export class StandInWebContents extends EventEmitter {
  private static nextId = 1
  readonly id = StandInWebContents.nextId++
  readonly mainFrame = new StandInFrame('', null, this.id)
  readonly sent: { readonly channel: string; readonly args: readonly unknown[] }[] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  devToolsOpened = false
  reloads = 0
  private destroyed = false
  /** The URL a loadURL asked for, until it commits. */
  private pending: string | null = null

  // electron.d.ts, WebContents.send: "Arguments will be serialized with the Structured Clone
  // Algorithm ... Sending Functions, Promises, Symbols, WeakMaps, or WeakSets will throw an exception."
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, args: structuredClone(args) })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  /**
   * Like Electron's: the promise settles once the page has loaded ('did-finish-load'), and the
   * page commits in a later turn, not during the call.
   */
  loadURL(url: string): Promise<void> {
    this.pending = url
    return new Promise((resolve) =>
      setImmediate(() => {
        if (this.destroyed || this.pending !== url) return resolve()
        this.pending = null
        this.mainFrame.url = url
        this.emit('did-navigate', new StandInEvent(), url)
        this.emit('did-finish-load')
        resolve()
      }),
    )
  }
  /** electron.d.ts, WebContents.reload: "Reloads the current web page." */
  reload(): void {
    this.reloads += 1
    const url = this.mainFrame.url
    void this.loadURL(url)
  }
  /**
   * "The URL of the current web page" (electron.d.ts, WebContents.getURL): empty while nothing has
   * committed yet, as a new window's first load has not. The stand-in starts at '' for that reason.
   */
  getURL(): string {
    return this.mainFrame.url
  }
  /** Test hook: the renderer process dies, as Electron reports it ('render-process-gone'). */
  crash(reason = 'crashed'): void {
    this.emit('render-process-gone', new StandInEvent(), { reason, exitCode: 139 })
  }
  openDevTools(): void {
    this.devToolsOpened = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
  /** Test hook: what Electron's 'will-navigate' would do, returning whether it was blocked. */
  tryNavigate(url: string): boolean {
    const event = new StandInEvent()
    this.emit('will-navigate', Object.assign(event, { url, isMainFrame: true }), url)
    return event.defaultPrevented
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = []
  /** Test hook: when set, every loadURL rejects with it, as Electron's does when a page fails to load. */
  static loadFailure: Error | null = null
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.isDestroyed())
  }
  readonly webContents = new StandInWebContents()
  visible = false
  focused = false
  minimized = false
  private destroyed = false

  constructor(readonly options: Record<string, unknown> = {}) {
    super()
    BrowserWindow.instances.push(this)
    app.emit('web-contents-created', new StandInEvent(), this.webContents)
  }
  /**
   * Emits 'ready-to-show' once the page has loaded while the window is hidden: electron.d.ts,
   * BrowserWindow 'ready-to-show', "Emitted when the web page has been rendered (while not being
   * shown)"; "This event will never fire if you use paintWhenInitiallyHidden: false".
   */
  async loadURL(url: string): Promise<void> {
    if (BrowserWindow.loadFailure) throw BrowserWindow.loadFailure
    const paints = (this.options['webPreferences'] as { paintWhenInitiallyHidden?: boolean } | undefined)?.paintWhenInitiallyHidden
    await this.webContents.loadURL(url)
    if (!this.destroyed && !this.visible && paints !== false) this.emit('ready-to-show')
  }
  loadFile(path: string): Promise<void> {
    return this.webContents.loadURL(`file://${path}`)
  }
  show(): void {
    this.visible = true
    this.focused = true
    this.minimized = false
    this.emit('show')
  }
  showInactive(): void {
    this.visible = true
    this.emit('show')
  }
  minimize(): void {
    this.minimized = true
    this.focused = false
    this.emit('minimize')
  }
  hide(): void {
    this.visible = false
    this.focused = false
    this.emit('hide')
  }
  focus(): void {
    this.focused = true
  }
  restore(): void {
    this.minimized = false
    this.emit('restore')
  }
  isMinimized(): boolean {
    return this.minimized
  }
  isVisible(): boolean {
    return this.visible
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Like a click on the close button: listeners may prevent it. */
  close(): void {
    const event = new StandInEvent()
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroy()
  }
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.visible = false
    this.webContents.destroy()
    this.emit('closed')
  }
}

class StandInApp extends EventEmitter {
  name = 'plexkey'
  isPackaged = false
  version = '0.1.0'
  appPath = process.cwd()
  readonly paths = new Map<string, string>()
  /** Test hook: whether no other instance holds the lock (false: one is running, or the lock failed). */
  singleInstanceLock = true
  private holdsLock = false
  quitCalls = 0
  ready = false
  readonly loginItemSettings: { openAtLogin: boolean; args?: string[] }[] = []
  /** What getLoginItemSettings().status reports on macOS 13+ (electron.d.ts, LoginItemSettings.status). */
  loginItemStatus: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found' = 'not-registered'
  private readyResolve: (() => void) | null = null
  private readyPromise = this.freshReady()

  private freshReady(): Promise<void> {
    return new Promise<void>((resolve) => (this.readyResolve = resolve))
  }
  /** Test hook: Electron's 'ready'. */
  becomeReady(): void {
    this.ready = true
    this.readyResolve?.()
    this.emit('ready')
  }
  whenReady(): Promise<void> {
    return this.readyPromise
  }
  setName(name: string): void {
    this.name = name
  }
  getName(): string {
    return this.name
  }
  getVersion(): string {
    return this.version
  }
  getAppPath(): string {
    return this.appPath
  }
  getPath(name: string): string {
    const path = this.paths.get(name)
    if (path === undefined) throw new Error(`stand-in: no path set for ${name}`)
    return path
  }
  /**
   * shell/browser/api/electron_api_app.cc, RequestSingleInstanceLock: true at once when this process
   * already holds it; otherwise false when another instance has it (PROCESS_NOTIFIED) and also when
   * the profile is in use or the lock cannot be made (PROFILE_IN_USE, LOCK_ERROR).
   */
  requestSingleInstanceLock(): boolean {
    if (this.holdsLock) return true
    this.holdsLock = this.singleInstanceLock
    return this.holdsLock
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItemSettings.push(structuredClone(settings))
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean; status: string } {
    return { openAtLogin: this.loginItemSettings.at(-1)?.openAtLogin ?? false, wasOpenedAtLogin: false, status: this.loginItemStatus }
  }
  isReady(): boolean {
    return this.ready
  }
  setAppUserModelId(): void {}
  quit(): void {
    this.quitCalls += 1
    const event = new StandInEvent()
    this.emit('before-quit', event)
    if (!event.defaultPrevented) this.emit('will-quit', new StandInEvent())
  }
  reset(): void {
    this.removeAllListeners()
    this.name = 'plexkey'
    this.isPackaged = false
    this.appPath = process.cwd()
    this.paths.clear()
    this.singleInstanceLock = true
    this.holdsLock = false
    this.quitCalls = 0
    this.ready = false
    this.loginItemSettings.length = 0
    this.loginItemStatus = 'not-registered'
    this.readyPromise = this.freshReady()
  }
}
export const app = new StandInApp()
readiness.isReady = () => app.isReady()

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  /** Test hook: every invoke that reached a handler, with what crossed each way (as cloned). */
  exchanges: [] as { readonly channel: string; readonly args: readonly unknown[]; readonly answer: unknown }[],
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
  /**
   * Test hook: a renderer's ipcRenderer.invoke arriving at the handler. As in Electron, the
   * arguments and the answer cross by structured clone (electron.d.ts, IpcRenderer.invoke), and a
   * channel without a handler rejects.
   */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    const sent = structuredClone(args)
    const answer = structuredClone(await handler(event, ...sent))
    this.exchanges.push({ channel, args: sent, answer })
    return answer
  },
}

/** The renderer side: `invoke` goes to `respond`, which a test sets (by default it answers undefined). */
export const ipcRenderer = {
  invocations: [] as { readonly channel: string; readonly args: readonly unknown[] }[],
  respond: ((_channel: string, _args: readonly unknown[]): unknown => undefined) as (
    channel: string,
    args: readonly unknown[],
  ) => unknown,
  listeners: new Map<string, Listener[]>(),
  // electron.d.ts, IpcRenderer.invoke: "Arguments will be serialized with the Structured Clone
  // Algorithm"; the handler's answer comes back the same way.
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    try {
      const sent = structuredClone(args)
      this.invocations.push({ channel, args: sent })
      return Promise.resolve(this.respond(channel, sent)).then((answer) => structuredClone(answer))
    } catch (error) {
      return Promise.reject(error)
    }
  },
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
  },
  removeListener(channel: string, listener: Listener): void {
    const list = this.listeners.get(channel) ?? []
    const index = list.indexOf(listener)
    if (index >= 0) list.splice(index, 1)
  },
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.length ?? 0
  },
  /** Test hook: main sends an event; listeners get Electron's (event, ...args). */
  deliver(channel: string, ...args: unknown[]): void {
    const event: { readonly sender: unknown; readonly senderId: number } = { sender: this, senderId: 0 }
    for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(event, ...structuredClone(args))
  },
}

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api)
  },
}

export class StandInImage {
  template = false
  constructor(readonly path: string) {}
  setTemplateImage(template: boolean): void {
    this.template = template
  }
  isTemplateImage(): boolean {
    return this.template
  }
  isEmpty(): boolean {
    return this.path === '' || !existsSync(this.path)
  }
}

export const nativeImage = {
  createFromPath: (path: string): StandInImage => new StandInImage(path),
  createEmpty: (): StandInImage => new StandInImage(''),
}

export interface StandInMenuItemOptions {
  readonly id?: string
  readonly label?: string
  readonly type?: string
  readonly role?: string
  readonly enabled?: boolean
  readonly checked?: boolean
  readonly submenu?: readonly StandInMenuItemOptions[]
  readonly click?: (...args: unknown[]) => void
}

/** A built item: like Electron's MenuItem, `checked` belongs to the item and changes on a click. */
export class StandInMenuItem {
  /** A radio item's group (its radio neighbours up to a separator); undefined for other types. */
  groupId: number | undefined
  readonly id: string | undefined
  readonly label: string
  readonly type: string
  readonly role: string | undefined
  readonly enabled: boolean
  checked: boolean
  readonly submenu: Menu | undefined
  readonly click: ((...args: unknown[]) => void) | undefined
  constructor(options: StandInMenuItemOptions) {
    this.id = options.id
    this.label = options.label ?? ''
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal')
    this.role = options.role
    this.enabled = options.enabled ?? true
    this.checked = options.checked ?? false
    this.submenu = options.submenu ? Menu.buildFromTemplate(options.submenu) : undefined
    this.click = options.click
  }
}

let groupIdIndex = 0

export class Menu {
  static applicationMenu: Menu | null | undefined = undefined
  readonly items: readonly StandInMenuItem[]
  constructor(template: readonly StandInMenuItemOptions[]) {
    const items: StandInMenuItem[] = []
    for (const options of template) {
      const item = new StandInMenuItem(options)
      if (item.type === 'radio') item.groupId = Menu.groupIdBefore(items)
      items.push(item)
    }
    this.items = items
  }
  /**
   * As Electron's generateGroupId (lib/browser/api/menu.ts) groups radio items while a template is
   * appended: the group of the nearest radio item before it, looking back no further than a
   * separator (other items in between do not end the group); otherwise a new group.
   */
  private static groupIdBefore(items: readonly StandInMenuItem[]): number {
    for (let index = items.length - 1; index >= 0; index--) {
      const item = items[index]
      if (item?.type === 'radio') return item.groupId ?? 0
      if (item?.type === 'separator') break
    }
    groupIdIndex += 1
    return groupIdIndex
  }
  static buildFromTemplate(template: readonly StandInMenuItemOptions[]): Menu {
    return new Menu(template)
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu
  }
  /** The menu that holds this item, at any depth. */
  private holding(item: StandInMenuItem): Menu | undefined {
    if (this.items.includes(item)) return this
    for (const { submenu } of this.items) {
      const found = submenu?.holding(item)
      if (found) return found
    }
    return undefined
  }
  private check(radio: StandInMenuItem): void {
    for (const other of this.holding(radio)?.items ?? []) {
      if (other.type === 'radio' && other.groupId === radio.groupId) other.checked = other === radio
    }
  }
  /** The item with this id, at any depth. */
  find(id: string): StandInMenuItem | undefined {
    for (const item of this.items) {
      const found = item.id === id ? item : item.submenu?.find(id)
      if (found) return found
    }
    return undefined
  }
  /**
   * Test hook: the user picks an item, as Electron handles it. A disabled item cannot be picked
   * (electron.d.ts, MenuItemConstructorOptions.enabled: "If false, the menu item will be greyed out
   * and unclickable"). A checkbox toggles its own `checked` first (MenuItem.checked: "A checkbox menu
   * item will toggle the checked property on and off when selected"); a radio item is checked, and
   * every other of its group unchecked, even when it was checked already (lib/browser/api/menu-item.ts
   * flips `checked` on click; the setter lib/browser/api/menu.ts gives radio items always checks the
   * item and unchecks the rest of its group). Then `click(menuItem, window, event)` runs. Returns
   * whether the click got through.
   */
  click(id: string, window?: BrowserWindow): boolean {
    const item = this.find(id)
    if (!item) throw new Error(`stand-in: no menu item ${id}`)
    if (!item.enabled) return false
    if (item.type === 'checkbox') item.checked = !item.checked
    if (item.type === 'radio') this.check(item)
    item.click?.(item, window, { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, triggeredByAccelerator: false })
    return true
  }
}

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = []
  tooltip = ''
  contextMenu: Menu | null = null
  readonly images: StandInImage[] = []
  renders = 0
  private destroyed = false
  constructor(image: StandInImage) {
    super()
    this.images.push(image)
    Tray.instances.push(this)
  }
  get image(): StandInImage | undefined {
    return this.images.at(-1)
  }
  setImage(image: StandInImage): void {
    this.images.push(image)
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip
  }
  setContextMenu(menu: Menu | null): void {
    this.contextMenu = menu
    this.renders += 1
  }
  popUpContextMenu(): void {}
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
  }
}

export class Notification extends EventEmitter {
  static readonly instances: Notification[] = []
  /**
   * Test hook: whether Electron could make a notification presenter. Without one (on Linux: no
   * libnotify, or notify_init failing, notification_presenter_linux.cc and libnotify_notification.cc)
   * isSupported() is false (electron_api_notification.cc, IsSupported) and show() shows nothing
   * (Notification::Show acts only `if (presenter_)`).
   */
  static supported = true
  static isSupported(): boolean {
    return Notification.supported
  }
  static activationHandler: ((details: { type: string; arguments?: string }) => void) | null = null
  /** electron.d.ts, Notification.handleActivation (win32): one callback, replaced by the next call. */
  static handleActivation(callback: (details: { type: string; arguments?: string }) => void): void {
    Notification.activationHandler = callback
  }
  /** Test hook: Windows activates one of our toasts, e.g. from the Action Center after a restart. */
  static activate(details: { type: string; arguments?: string } = { type: 'click' }): void {
    Notification.activationHandler?.(details)
  }
  shown = false
  constructor(readonly options: { readonly title?: string; readonly body?: string; readonly icon?: unknown }) {
    super()
    Notification.instances.push(this)
  }
  show(): void {
    if (Notification.supported) this.shown = true
  }
  close(): void {
    this.emit('close')
  }
  /** Test hook: the user clicks the notification. */
  click(): void {
    this.emit('click', new StandInEvent())
  }
}

export const shell = {
  opened: [] as string[],
  /** Test hook: whether the OS has something to open the URL with (on Linux, xdg-open succeeding). */
  handlerFound: true,
  /**
   * shell/common/api/electron_api_shell.cc, OpenExternal: the promise rejects with the platform's
   * message when nothing opened the URL (platform_util_linux.cc: "Failed to open path").
   */
  openExternal(url: string): Promise<void> {
    if (!this.handlerFound) return Promise.reject(new Error('Failed to open path'))
    this.opened.push(url)
    return Promise.resolve()
  },
}

export const clipboard = {
  text: '',
  writeText(text: string): void {
    this.text = text
  },
  readText(): string {
    return this.text
  },
}

class StandInPowerMonitor extends EventEmitter {}
export const powerMonitor = new StandInPowerMonitor()

export {
  net,
  partitions,
  session,
  StandInClientRequest,
  StandInIncomingMessage,
  type StandInNetCall,
  type StandInRequestOptions,
  StandInSession,
} from './electron-stand-in-net'

type ProtocolHandler = (request: Request) => Response | Promise<Response>
export const protocol = {
  privileged: [] as unknown[],
  privilegedCalls: 0,
  handlers: new Map<string, ProtocolHandler>(),
  /**
   * electron.d.ts, Protocol.registerSchemesAsPrivileged: "This method can only be used before the
   * `ready` event of the `app` module gets emitted and can be called only once."
   */
  registerSchemesAsPrivileged(schemes: readonly unknown[]): void {
    if (app.isReady()) throw new Error('registerSchemesAsPrivileged can only be called before the app is ready')
    this.privilegedCalls += 1
    if (this.privilegedCalls > 1) throw new Error('registerSchemesAsPrivileged can be called only once')
    this.privileged.push(...structuredClone(schemes))
  },
  /**
   * The protocol docs (electronjs.org/docs/api/protocol): "All methods unless specified can only be
   * used after the `ready` event of the `app` module gets emitted."
   */
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle can only be used after the app is ready')
    this.handlers.set(scheme, handler)
  },
  unhandle(scheme: string): void {
    this.handlers.delete(scheme)
  },
}

export interface StandInMessageBox {
  /** The window it was attached to, or null for a free-standing one. */
  readonly parent: BrowserWindow | null
  readonly options: { readonly message: string; readonly buttons?: readonly string[]; readonly [key: string]: unknown }
}

export const dialog = {
  errorBoxes: [] as { readonly title: string; readonly content: string }[],
  messageBoxes: [] as StandInMessageBox[],
  /**
   * Test hook: answers showMessageBox. It gets the box (already recorded) and returns the index of
   * the button "clicked", or a promise of it to keep the box open until the test settles it.
   */
  answer: (_box: StandInMessageBox): number | Promise<number> => 0,
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content })
  },
  async showMessageBox(
    parentOrOptions: BrowserWindow | StandInMessageBox['options'],
    maybeOptions?: StandInMessageBox['options'],
  ): Promise<{ response: number; checkboxChecked: boolean }> {
    const box: StandInMessageBox =
      parentOrOptions instanceof BrowserWindow
        ? { parent: parentOrOptions, options: maybeOptions ?? { message: '' } }
        : { parent: null, options: parentOrOptions }
    this.messageBoxes.push(box)
    return { response: await this.answer(box), checkboxChecked: false }
  },
}

/** Inspection hooks and a reset between tests. */
export const standIn = {
  app,
  ipcMain,
  ipcRenderer,
  contextBridge,
  shell,
  clipboard,
  session,
  powerMonitor,
  net,
  protocol,
  dialog,
  BrowserWindow,
  Tray,
  Menu,
  Notification,
  reset(): void {
    app.reset()
    ipcMain.handlers.clear()
    ipcMain.exchanges.length = 0
    ipcRenderer.invocations.length = 0
    ipcRenderer.listeners.clear()
    ipcRenderer.respond = () => undefined
    contextBridge.exposed.clear()
    BrowserWindow.instances.length = 0
    Tray.instances.length = 0
    Notification.instances.length = 0
    Notification.supported = true
    Notification.activationHandler = null
    Menu.applicationMenu = undefined
    shell.opened.length = 0
    shell.handlerFound = true
    clipboard.text = ''
    session.defaultSession.reset()
    partitions.clear()
    powerMonitor.removeAllListeners()
    net.online = true
    net.calls.length = 0
    net.requests.length = 0
    protocol.privileged.length = 0
    protocol.privilegedCalls = 0
    protocol.handlers.clear()
    dialog.errorBoxes.length = 0
    dialog.messageBoxes.length = 0
    dialog.answer = () => 0
    BrowserWindow.loadFailure = null
  },
}
