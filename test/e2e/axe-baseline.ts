import type { AxeFinding } from './app-harness'

/**
 * What axe could not decide on some screen and a person looked at: the rule, the element (axe's
 * selector), and why it is fine. A finding listed here passes; any other undecided finding fails
 * the screen that shows it, so a new one is looked at before it joins this list.
 */
export interface ReviewedFinding {
  readonly rule: string
  readonly target: string
  readonly why: string
}

// Every screen the suite shoots, in both themes and sizes, left axe nothing undecided when this
// list was last reviewed: it starts empty, and each entry added must say why it is fine.
export const reviewedIncomplete: readonly ReviewedFinding[] = []

const key = (rule: string, target: string): string => `${rule} ${target}`

/** The undecided findings not in `reviewed` (the list above), one line each. */
export function unreviewed(findings: readonly AxeFinding[], reviewed: readonly ReviewedFinding[] = reviewedIncomplete): readonly string[] {
  const known = new Set(reviewed.map((entry) => key(entry.rule, entry.target)))
  const lines = findings.flatMap((finding) =>
    finding.targets.filter((target) => !known.has(key(finding.id, target))).map((target) => key(finding.id, target)),
  )
  return [...new Set(lines)]
}
