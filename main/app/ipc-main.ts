import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import {
  invokeChannels,
  type AppError,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type Result,
  type Unsubscribe,
} from '../../preload/api'
import type { InvokeHandlers } from './ipc-handlers'
import { parseRequest } from './ipc-schemas'
import { isTrustedSender, type SenderEventLike, type TrustedRenderer } from './sender-check'

/** Where refusals and unexpected failures are reported (the app passes its redacting logger). */
export interface IpcLog {
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void
  error(message: string, fields?: Readonly<Record<string, unknown>>): void
}

export interface IpcMainOptions {
  readonly handlers: InvokeHandlers
  /** Our window as it is now (null before it exists or after it is gone). */
  readonly trusted: () => TrustedRenderer | null
  readonly log: IpcLog
}

const forbidden: { readonly ok: false; readonly error: AppError } = {
  ok: false,
  error: { code: 'forbidden', message: 'This request did not come from the Plexkey window.', retryable: false },
}

const unexpected: { readonly ok: false; readonly error: AppError } = {
  ok: false,
  error: { code: 'unknown', message: 'Something went wrong inside Plexkey. Please try again.', retryable: true },
}

/**
 * One invoke, start to finish: sender check, argument check, the handler, and any throw turned into
 * a Result (a rejected invoke reaches the renderer as a bare string and loses the error's shape).
 */
export async function dispatchInvoke<C extends InvokeChannel>(
  channel: C,
  event: SenderEventLike,
  args: readonly unknown[],
  options: IpcMainOptions,
): Promise<Result<unknown>> {
  try {
    if (!isTrustedSender(event, options.trusted())) {
      options.log.warn('refused an IPC call from an untrusted sender', { channel })
      return forbidden
    }
    const request = parseRequest(channel, args)
    if (!request.ok) {
      options.log.warn('refused an IPC call with an invalid argument', { channel, reason: request.error.message })
      return request
    }
    const handler = options.handlers[channel]
    return await handler(request.value)
  } catch (error) {
    options.log.error('an IPC handler failed unexpectedly', { channel, error })
    return unexpected
  }
}

/** Registers every contract channel with ipcMain; the returned function removes them again. */
export function registerIpcHandlers(options: IpcMainOptions): Unsubscribe {
  const channels = Object.keys(invokeChannels) as InvokeChannel[]
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) =>
      dispatchInvoke(channel, event, args, options),
    )
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}

/** What an event can be sent to: a webContents that may already be gone. */
export interface EventReceiver {
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
}

/** Sends one contract event to our window, skipping it when it is gone. */
export function sendEvent<C extends EventChannel>(
  target: EventReceiver | null,
  channel: C,
  payload: EventPayload<C>,
): boolean {
  if (!target || target.isDestroyed()) return false
  target.send(channel, payload)
  return true
}
