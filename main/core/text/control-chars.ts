/**
 * Characters that change how text is shown instead of being shown: C0 controls (ESC starts
 * terminal escape sequences, CR and LF forge lines), DEL, C1 controls (U+009B is a one-byte CSI,
 * U+009D a one-byte OSC on terminals that honour 8-bit controls), the bidi controls that reorder
 * what is read (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the Unicode line and
 * paragraph separators. Text from plex.tv or the keychain may carry any of them.
 */
const CONTROL_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]'
const CONTROL_CHAR = new RegExp(CONTROL_CLASS, 'g')
const CONTROL_RUN = new RegExp(`${CONTROL_CLASS}+`, 'g')

/** The longest piece of outside text echoed back in one message; enough for any real value. */
export const MAX_ECHO_LENGTH = 200

function visible(char: string): string {
  const code = char.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * Makes untrusted text safe to print on a terminal: every control character above is written as
 * a visible escape (`\x1b`, `\u202e`), so a hostile value shows what it is instead of acting.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL_CHAR, visible)
}

/** Replaces each run of control characters with one space: for messages that are read, not inspected. */
export function flattenControls(text: string): string {
  return text.replace(CONTROL_RUN, ' ')
}

/**
 * JSON text with every control character above written as a `\uXXXX` escape: the same JSON value
 * (these characters can only occur inside strings), but inert when the line is shown as it is.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(CONTROL_CHAR, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * A value from outside (an argument, an environment variable) as it is quoted back in an error:
 * cut to MAX_ECHO_LENGTH characters, whole code points only, and its controls made visible.
 */
export function quoteOutside(text: string): string {
  const chars = Array.from(text)
  const cut = chars.length > MAX_ECHO_LENGTH ? `${chars.slice(0, MAX_ECHO_LENGTH).join('')}…` : text
  return escapeControls(cut)
}
