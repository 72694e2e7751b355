import { useEffect, useRef } from 'react'

/**
 * When `key` changes and the element that had focus went away with the old content (focus fell to
 * <body>), move focus to `target()`, so keyboard and screen reader users are not dropped at the
 * top of the page. Focus the user placed somewhere that still exists is left alone. With `onMount`,
 * also when the element first appears: content that replaced the control just pressed.
 */
export function useRescueFocus(target: () => HTMLElement | null | undefined, key: string, onMount = false): void {
  // Whether the first run (on mount) rescues too: fixed at mount.
  const first = useRef(!onMount)
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
