/** Whole seconds left until `at`, never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000))
}

/**
 * Whole seconds left on a code, rounded down: a 30-minute code reads 30:00 and then 29:59, never
 * 30:01, and 0 only once it has run out.
 */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.floor((expiresAt - now) / 1000))
}

/** "14:05": minutes and seconds, for a countdown people glance at. */
export function formatClock(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60)
  const seconds = totalSeconds % 60
  return `${minutes}:${String(seconds).padStart(2, '0')}`
}

/** "14 minutes 5 seconds": the same span in words, for screen readers. */
export function describeDuration(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60)
  const seconds = totalSeconds % 60
  const parts: string[] = []
  if (minutes > 0) parts.push(plural(minutes, 'minute'))
  if (seconds > 0 || minutes === 0) parts.push(plural(seconds, 'second'))
  return parts.join(' ')
}

/** "just now", "3 minutes ago", "at 14:05": how long ago something was checked. */
export function formatAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - at) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`
  return `at ${new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
}

/** "in under a minute", "in 3 minutes", "at 14:05": when something is due, for a line people glance at. */
export function formatIn(at: number, now: number): string {
  const seconds = Math.max(0, Math.floor((at - now) / 1000))
  if (seconds < 60) return 'in under a minute'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `in ${plural(minutes, 'minute')}`
  return `at ${new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
}

const DAY_MS = 24 * 3600 * 1000

/**
 * "just now", "3 hours ago", "12 days ago", "on 4 Mar 2026": when a device was made or last seen,
 * which may be months back, so the day counts where formatAgo's time of day would mislead.
 */
export function formatSince(at: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - at) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${plural(hours, 'hour')} ago`
  const days = Math.floor((now - at) / DAY_MS)
  if (days < 30) return `${plural(days, 'day')} ago`
  return `on ${new Date(at).toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' })}`
}

/** The exact local date and time, for a tooltip under formatSince's words. */
export function formatLocalDateTime(at: number): string {
  return new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}
