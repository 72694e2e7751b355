import { afterEach, beforeEach, expect } from 'vitest'
import type { AppError, Result } from '../../preload/api'
import { ipcMain } from './electron-stand-in'
import { type IpcHarness, startIpcHarness } from './shell-harness'

/** The value of an IPC answer (untyped, as ipcMain.invoke gives it) the test expects to succeed. */
export function value<T>(result: unknown): T {
  const r = result as Result<T>
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`)
  return r.value
}

/** The error of an IPC answer the test expects to fail. */
export function failure(result: unknown): AppError {
  const r = result as Result<unknown>
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r)}`)
  return r.error
}

/** No token the fake ever issued crossed IPC (either way) or reached a log line of the app or the fake. */
export function expectNoIssuedTokenCrossed(h: IpcHarness): void {
  const issued = h.fx.fake.issuedTokens()
  expect(issued.length).toBeGreaterThan(0)
  const seen = [JSON.stringify(ipcMain.exchanges), JSON.stringify(h.window.webContents.sent), ...h.logLines, ...h.fx.logLines].join('\n')
  for (const token of issued) expect(seen).not.toContain(token)
}

/**
 * A fresh harness for each test, handed to `started`; after each test, no issued token may have
 * crossed IPC or reached a log line, then the harness closes.
 */
export function useScannedIpcHarness(started: (h: IpcHarness) => void): void {
  let current: IpcHarness | undefined
  beforeEach(async () => {
    current = await startIpcHarness()
    started(current)
  })
  afterEach(async () => {
    if (current === undefined) return
    expectNoIssuedTokenCrossed(current)
    await current.close()
  })
}
