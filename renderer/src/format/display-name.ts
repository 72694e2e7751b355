/**
 * Bidirectional controls: the marks and embeddings (U+061C, U+200E, U+200F, U+202A–U+202E) and the
 * isolates (U+2066–U+2069). A name from plex.tv is drawn inside a <bdi>, which keeps it from
 * reordering the text around it, but an override inside still reverses the name itself: a server
 * called "…\u202Erevres" would read "server". Nothing a person means to show needs them.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** A name from plex.tv as the window shows it: its characters in the order they were sent. */
export function displayName(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}
