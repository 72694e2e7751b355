const two = (n: number): string => String(n).padStart(2, '0')

/** "2026-12-04", in this computer's time zone: the day a person reads a moment as. */
export function localDate(ms: number): string {
  const at = new Date(ms)
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`
}

/** "2026-12-04 19:20", in this computer's time zone: as a person reads a moment. */
export function localTime(ms: number): string {
  const at = new Date(ms)
  return `${localDate(ms)} ${two(at.getHours())}:${two(at.getMinutes())}`
}
