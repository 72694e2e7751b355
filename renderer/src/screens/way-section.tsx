import { type ReactNode, useId, useRef } from 'react'
import { useRescueFocus } from '../hooks/use-rescue-focus'

interface WaySectionProps {
  readonly title: string
  /** Changes with the way's content: when the focused control goes with the old content, the heading takes focus. */
  readonly focusKey: string
  readonly children: ReactNode
}

/** One way in, as a section titled by its heading, which catches focus rather than let it drop to the page. */
export function WaySection({ title, focusKey, children }: WaySectionProps) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  const headingId = useId()
  // A way that appears already running (its start was pressed elsewhere on the screen, which went
  // away) takes focus at its heading, so the first Tab lands on its own action, not on Cancel.
  useRescueFocus(() => headingRef.current, focusKey, focusKey !== 'idle')

  return (
    <section className="way card" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="way-title">
        {title}
      </h2>
      {children}
    </section>
  )
}
