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
  useRescueFocus(() => headingRef.current, focusKey)

  return (
    <section className="way card" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="way-title">
        {title}
      </h2>
      {children}
    </section>
  )
}
