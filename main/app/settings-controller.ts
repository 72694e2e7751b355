import type { Result, Settings } from '../../preload/api'
import type { SettingsStore } from '../core/config/settings-store'
import type { SettingsAccess } from './ipc-handlers'

export interface SettingsControllerOptions {
  readonly store: SettingsStore
  /** Applies "start at login" to the OS (login-item.ts). */
  readonly applyOpenAtLogin: (enabled: boolean) => Promise<Result<void>>
  /** Called after every change that was saved and applied (the tray redraws its checkbox), with the settings before it. */
  readonly onChange: (settings: Settings, before: Settings) => void
}

/**
 * Settings as the window and the tray change them: saved first, then applied; when the OS refuses
 * the login item, the saved value is put back, so file, OS and UI never disagree.
 */
export function createSettingsController(options: SettingsControllerOptions): SettingsAccess {
  const { store } = options
  /** One change at a time, so each reads `before` after the previous one was saved and applied. */
  let queue: Promise<unknown> = Promise.resolve()

  async function apply(patch: Partial<Settings>): Promise<Result<Settings>> {
    const before = store.get()
    const saved = await store.update(patch)
    if (!saved.ok) return saved
    if (saved.value.openAtLogin !== before.openAtLogin) {
      const applied = await options.applyOpenAtLogin(saved.value.openAtLogin)
      if (!applied.ok) {
        await store.update({ openAtLogin: before.openAtLogin })
        return applied
      }
    }
    if (saved.value !== before) options.onChange(saved.value, before)
    return saved
  }

  return {
    get: () => store.get(),
    update(patch) {
      const run = queue.then(() => apply(patch))
      queue = run.catch(() => undefined)
      return run
    },
  }
}
