/**
 * A live region. Screen readers speak its text whenever the text changes, so callers pass text
 * that changes only when something is worth saying. Assertive interrupts: failures only.
 */
export function LiveRegion({ message, label, urgency = 'polite' }: { readonly message: string; readonly label?: string; readonly urgency?: 'polite' | 'assertive' }) {
  return (
    <div
      role={urgency === 'polite' ? 'status' : 'alert'}
      aria-live={urgency}
      aria-atomic="true"
      aria-label={label}
      className="visually-hidden"
    >
      {message}
    </div>
  )
}
