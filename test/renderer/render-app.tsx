import { act, render, type RenderResult } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { vi } from 'vitest'
import type { SignInState, Snapshot } from '../../preload/api'
import { App } from '../../renderer/src/app'
import { FakePlexkeyApi } from './fake-plexkey-api'
import { NOW, snapshot } from './state-fixtures'

export interface Rendered extends RenderResult {
  readonly api: FakePlexkeyApi
  readonly user: ReturnType<typeof userEvent.setup>
  /** Plays main: emits the next snapshot (seq one higher than the last) and lets React draw it. */
  readonly show: (state: SignInState) => Promise<void>
  /** Moves the fake clock on, running due timers inside act(). */
  readonly advance: (ms: number) => Promise<void>
}

/**
 * Renders the App against a FakePlexkeyApi that starts in `initial` (`prepare` sets its other
 * answers first), on a fake clock pinned to NOW
 * (countdowns and "checked 3 minutes ago" are then exact), and waits for the first snapshot.
 */
export async function renderApp(initial: SignInState, seq = 1, prepare?: (api: FakePlexkeyApi) => void): Promise<Rendered> {
  // Only the clock and the 1 s tick are fake: Testing Library and user-event wait on real
  // setTimeout(0), which would never fire under a fake one.
  vi.useFakeTimers({ now: NOW, toFake: ['setInterval', 'clearInterval', 'Date'] })
  const api = new FakePlexkeyApi(snapshot(seq, initial))
  // Answers main gives from the first render on (the Servers section asks as it appears).
  prepare?.(api)
  const user = userEvent.setup()
  let current = seq
  const result = render(<App api={api} />)
  await act(async () => {
    await Promise.resolve()
  })
  const show = async (state: SignInState): Promise<void> => {
    current += 1
    const next: Snapshot = snapshot(current, state)
    await act(async () => api.emit(next))
  }
  const advance = async (ms: number): Promise<void> => {
    await act(async () => {
      vi.advanceTimersByTime(ms)
    })
  }
  return { ...result, api, user, show, advance }
}
