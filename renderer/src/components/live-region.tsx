/**
 * A live region. Screen readers speak its text whenever the text changes, so callers pass text
 * that changes only when something is worth saying. Assertive interrupts: failures only. (No
 * role "alert" for it: a screen's own alert, such as Settings that cannot be read, keeps that.)
 */
export function LiveRegion({
  message,
  label,
  urgency = 'polite',
}: {
  readonly message: string
  readonly label?: string
  readonly urgency?: 'polite' | 'assertive'
}) {
  return (
    <div
      role={urgency === 'polite' ? 'status' : undefined}
      aria-live={urgency}
      aria-atomic="true"
      aria-label={urgency === 'polite' ? label : undefined}
      className="visually-hidden"
    >
      {message}
    </div>
  )
}
