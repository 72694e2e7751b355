import { safeLabel } from '../core/servers/server-text'

/**
 * A label fit for a native menu. Electron reads `&` in a label as a mnemonic marker and drops it
 * (`&&` shows one `&`: electron/electron docs/api/menu-item.md, and Chromium's
 * EscapeMenuLabelAmpersands does the same for user-provided strings), so "Tom & Jerry" would read
 * "Tom  Jerry" with an underlined J.
 */
export function menuText(text: string): string {
  return text.replaceAll('&', '&&')
}

/** Untrusted text from plex.tv as a menu label: one bounded line without control characters, `&` kept. */
export function untrustedMenuText(text: string): string {
  return menuText(safeLabel(text))
}
