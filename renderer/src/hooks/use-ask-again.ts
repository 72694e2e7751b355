import { useEffect } from 'react'

/**
 * Calls `ask` when the window is shown again (from the tray, or restored from the dock or
 * taskbar) and when the network comes back: what main would answer may have changed meanwhile.
 */
export function useAskAgain(ask: () => void): void {
  useEffect(() => {
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') ask()
    }
    window.addEventListener('online', ask)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.removeEventListener('online', ask)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [ask])
}
