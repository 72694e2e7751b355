/**
 * A polite live region. Screen readers speak its text whenever the text changes, so callers pass
 * text that changes only when something is worth saying.
 */
export function LiveRegion({ message, label }: { readonly message: string; readonly label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" aria-label={label} className="visually-hidden">
      {message}
    </div>
  )
}
