import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, AppInfo, PlexkeyApi, Result, Settings } from '../../../preload/api'
import { settled } from './settled'

/** The settings screen's data: on its way, unreadable, or here. */
export type SettingsLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'ready'; readonly settings: Settings; readonly info: AppInfo }

export interface SettingsData {
  readonly load: SettingsLoad
  /** Reads settings and app info from main again (after a failed read). */
  reload(): void
  /**
   * Shows the change at once and asks main to save and apply it; main's answer then stands. When
   * main refuses, the screen goes back to what main last confirmed, so it never shows a setting
   * that is not in force.
   */
  change(patch: Partial<Settings>): Promise<Result<Settings>>
}

/**
 * Settings and app info, read fresh from main each time the screen opens: the tray can change
 * "start at login" while the window is closed, and no event says so.
 */
export function useSettings(api: PlexkeyApi): SettingsData {
  const [load, setLoad] = useState<SettingsLoad>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const confirmed = useRef<Settings | null>(null)
  const mounted = useRef(true)

  useEffect(() => {
    mounted.current = true
    let current = true
    setLoad({ kind: 'loading' })
    void Promise.all([settled(() => api.settings.get()), settled(() => api.app.getInfo())]).then(([settings, info]) => {
      if (!current) return
      if (!settings.ok) return setLoad({ kind: 'failed', error: settings.error })
      if (!info.ok) return setLoad({ kind: 'failed', error: info.error })
      confirmed.current = settings.value
      setLoad({ kind: 'ready', settings: settings.value, info: info.value })
    })
    return () => {
      current = false
      mounted.current = false
    }
  }, [api, attempt])

  const change = useCallback(
    async (patch: Partial<Settings>): Promise<Result<Settings>> => {
      setLoad((now) => (now.kind === 'ready' ? { ...now, settings: { ...now.settings, ...patch } } : now))
      const result = await settled(() => api.settings.set(patch))
      if (result.ok) confirmed.current = result.value
      const shown = confirmed.current
      if (mounted.current && shown !== null) setLoad((now) => (now.kind === 'ready' ? { ...now, settings: shown } : now))
      return result
    },
    [api],
  )

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { load, reload, change }
}
