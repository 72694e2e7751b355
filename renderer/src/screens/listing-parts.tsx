import type { ListingLoad } from '../bridge/use-listing'
import { errorCopy } from '../copy/error-copy'
import type { Removal } from '../hooks/use-removal'

/** What the sections that remove devices share: how many removals the screen has seen, and the way to count one. */
export interface RemovalsProps {
  readonly removals: number
  readonly onRemoved: () => void
}

/** "3 tools" beside a section's heading, once the list is known: seen while the section is folded. */
export function ListingCount({ count, noun }: { readonly count: number | null; readonly noun: string }) {
  if (count === null) return null
  return (
    <span className="count">
      {count}
      <span className="visually-hidden">{` ${noun}`}</span>
    </span>
  )
}

/** While the list is asked for the first time, and when it could not be read: what happened, and a way to ask again. */
export function ListingStatus<T>({ load, looking, onRetry }: { readonly load: ListingLoad<T>; readonly looking: string; readonly onRetry: () => void }) {
  if (load.kind === 'loading') return load.last === null ? <p className="listing-status">{looking}</p> : null
  if (load.kind === 'ready') return null
  return (
    <div className="notice notice-warning notice-with-action listing-failure">
      <p>{errorCopy(load.error).sentence}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  )
}

/** The last removal, said above the list until the next one: what was removed, and whether its token still works. */
export function RemovalNotice({ removal }: { readonly removal: Removal }) {
  if (removal.kind === 'idle') return null
  if (removal.kind === 'removing') return <p className="listing-status removal-running">{removal.text}</p>
  return <p className={`notice removal-notice ${removal.copy.tone === 'done' ? 'notice-info' : 'notice-warning'}`}>{removal.copy.text}</p>
}
