import { type ReactNode, useState } from 'react'

interface FoldedListProps {
  /** One <li> each, keyed. */
  readonly items: readonly ReactNode[]
  /** How many rows show before the rest fold away. */
  readonly limit: number
  /** What the rows are, plural ("servers"), for the button that unfolds them. */
  readonly noun: string
  readonly className?: string
  /** What a person came for: on the first screen (the layout check holds it to that), until they unfold more. */
  readonly primary?: boolean
}

/**
 * A list that shows its first `limit` rows and folds the rest behind one button that says how
 * many there are, so a long list never pushes everything under it off the first screen.
 */
export function FoldedList({ items, limit, noun, className, primary = false }: FoldedListProps) {
  const [unfolded, setUnfolded] = useState(false)
  const hidden = items.length - limit
  const shown = unfolded || hidden <= 0 ? items : items.slice(0, limit)
  return (
    <>
      <ul className={className} data-primary={primary && !unfolded ? '' : undefined}>
        {shown}
      </ul>
      {hidden > 0 && (
        <button type="button" className="button button-quiet fold-toggle" aria-expanded={unfolded} onClick={() => setUnfolded(!unfolded)}>
          {unfolded ? `Show fewer ${noun}` : `Show ${hidden} more ${noun}`}
        </button>
      )}
    </>
  )
}
