import { formatLocalDateTime, formatSince } from '../format/durations'

/** "last seen 3 days ago", its exact local date and time in the tooltip; "last seen: not known" when plex.tv gave none. */
export function When({ at, now, lead }: { readonly at: number | null; readonly now: number; readonly lead: string }) {
  if (at === null) return <>{`${lead}: not known`}</>
  return (
    <time dateTime={new Date(at).toISOString()} title={formatLocalDateTime(at)}>
      {`${lead} ${formatSince(at, now)}`}
    </time>
  )
}
