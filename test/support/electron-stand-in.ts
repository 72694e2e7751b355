/**
 * A small recording stand-in for the `electron` module, used by the node test project (vitest
 * aliases `electron` here, because no Electron binary runs on these machines).
 *
 * It implements only what the app calls, remembers what it was asked, and lets a test play the
 * parts Electron would (a renderer invoking a channel, the OS resuming from sleep, a click on a
 * notification). Every object is created once and mutated in place by `standIn.reset()`, because
 * the modules under test hold on to what they imported.
 */
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'

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
  readonly mainFrame = new StandInFrame('about:blank', null, this.id)
  readonly sent: { readonly channel: string; readonly args: readonly unknown[] }[] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  devToolsOpened = false
  private destroyed = false

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, args })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  loadURL(url: string): Promise<void> {
    this.mainFrame.url = url
    return Promise.resolve()
  }
  getURL(): string {
    return this.mainFrame.url
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
  loadURL(url: string): Promise<void> {
    if (BrowserWindow.loadFailure) return Promise.reject(BrowserWindow.loadFailure)
    return this.webContents.loadURL(url)
  }
  loadFile(path: string): Promise<void> {
    return this.webContents.loadURL(`file://${path}`)
  }
  show(): void {
    this.visible = true
    this.focused = true
    this.emit('show')
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
  singleInstanceLock = true
  quitCalls = 0
  readonly loginItemSettings: { openAtLogin: boolean }[] = []
  private readyResolve: (() => void) | null = null
  private readyPromise = this.freshReady()

  private freshReady(): Promise<void> {
    return new Promise<void>((resolve) => (this.readyResolve = resolve))
  }
  /** Test hook: Electron's 'ready'. */
  becomeReady(): void {
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
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItemSettings.push(settings)
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return this.loginItemSettings.at(-1) ?? { openAtLogin: false }
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
    this.quitCalls = 0
    this.loginItemSettings.length = 0
    this.readyPromise = this.freshReady()
  }
}
export const app = new StandInApp()

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
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
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args })
    return Promise.resolve(this.respond(channel, args))
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
    for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(event, ...args)
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

export interface StandInMenuItem {
  readonly id?: string
  readonly label?: string
  readonly type?: string
  readonly enabled?: boolean
  readonly checked?: boolean
  readonly click?: (...args: unknown[]) => void
}

export class Menu {
  static applicationMenu: Menu | null | undefined = undefined
  constructor(readonly items: readonly StandInMenuItem[]) {}
  static buildFromTemplate(template: readonly StandInMenuItem[]): Menu {
    return new Menu(template)
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu
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
  static supported = true
  static isSupported(): boolean {
    return Notification.supported
  }
  shown = false
  constructor(readonly options: { readonly title?: string; readonly body?: string; readonly icon?: unknown }) {
    super()
    Notification.instances.push(this)
  }
  show(): void {
    this.shown = true
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
  openExternal(url: string): Promise<void> {
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

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void

class StandInSession {
  headersListener: HeadersListener | null = null
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener | null): void => {
      this.headersListener = listener
    },
  }
  setPermissionRequestHandler(handler: ((...args: unknown[]) => void) | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler
  }
  reset(): void {
    this.headersListener = null
    this.permissionRequestHandler = null
    this.permissionCheckHandler = null
  }
}
export const session = { defaultSession: new StandInSession() }

class StandInPowerMonitor extends EventEmitter {}
export const powerMonitor = new StandInPowerMonitor()

export const net = {
  online: true,
  isOnline(): boolean {
    return this.online
  },
  // The real net.fetch goes through Chromium's stack; here Node's fetch plays it, against the fake plex.tv.
  fetch: (input: string | URL | Request, init?: RequestInit): Promise<Response> => globalThis.fetch(input, init),
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: readonly unknown[]): void {
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: ProtocolHandler): void {
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
    ipcRenderer.invocations.length = 0
    ipcRenderer.listeners.clear()
    ipcRenderer.respond = () => undefined
    contextBridge.exposed.clear()
    BrowserWindow.instances.length = 0
    Tray.instances.length = 0
    Notification.instances.length = 0
    Notification.supported = true
    Menu.applicationMenu = undefined
    shell.opened.length = 0
    clipboard.text = ''
    session.defaultSession.reset()
    powerMonitor.removeAllListeners()
    net.online = true
    protocol.privileged.length = 0
    protocol.handlers.clear()
    dialog.errorBoxes.length = 0
    dialog.messageBoxes.length = 0
    dialog.answer = () => 0
    BrowserWindow.loadFailure = null
  },
}
