import { type ReactNode, type Ref, useId, useState } from 'react'

interface DisclosureSectionProps {
  /** The heading's words, and the region's name. */
  readonly title: string
  /** Beside the heading, seen folded or not: how many, what needs a look. */
  readonly summary?: ReactNode
  /** The section is asking main for its content. */
  readonly busy: boolean
  /** The heading's button, for focus to come back to when what held it went away. */
  readonly toggleRef?: Ref<HTMLButtonElement>
  readonly className?: string
  readonly children: ReactNode
}

/**
 * A section of the signed-in screen that starts folded under its heading, so what is under the
 * servers never pushes the account and its status off the first screen. The heading holds one
 * button that shows or hides the rest (WAI-ARIA's disclosure pattern), so it stays in the outline
 * of headings and the section stays a named region, folded or not.
 */
export function DisclosureSection({ title, summary, busy, toggleRef, className, children }: DisclosureSectionProps) {
  const [open, setOpen] = useState(false)
  const titleId = useId()
  const bodyId = useId()
  return (
    <section className={className === undefined ? 'disclosure' : `disclosure ${className}`} aria-labelledby={titleId} aria-busy={busy || undefined}>
      <div className="disclosure-heading">
        <h2 id={titleId}>
          <button ref={toggleRef} type="button" className="disclosure-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
            <span className="disclosure-chevron" aria-hidden="true" />
            {title}
          </button>
        </h2>
        {summary}
      </div>
      <div id={bodyId} className="disclosure-body" hidden={!open}>
        {children}
      </div>
    </section>
  )
}
