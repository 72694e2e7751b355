import { useEffect, useState } from 'react'

/**
 * The current time, refreshed every `intervalMs`. Countdowns are computed here from absolute
 * times main sent once, so no per-second traffic crosses IPC.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
