/**
 * A code as a screen reader should say it: one character at a time ("A, B, 7, Q"), because read as
 * a word "AB7Q" comes out as noise. Lower-case letters are spoken as capitals would be.
 */
export function spellCode(code: string): string {
  return Array.from(code.toUpperCase()).join(', ')
}
