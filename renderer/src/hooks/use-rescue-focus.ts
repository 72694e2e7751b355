import { useEffect, useRef } from 'react'

/**
 * When `key` changes and the element that had focus went away with the old content (focus fell to
 * <body>), move focus to `target()`, so keyboard and screen reader users are not dropped at the
 * top of the page. Focus the user placed somewhere that still exists is left alone.
 */
export function useRescueFocus(target: () => HTMLElement | null | undefined, key: string): void {
  const first = useRef(true)
  const latestTarget = useRef(target)
  latestTarget.current = target
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const active = document.activeElement
    if (active === null || active === document.body) latestTarget.current()?.focus()
  }, [key])
}
