/**
 * The variables a known tool reads its Plex Media Server's address and token from, set by
 * `plexkey exec --as <tool>` beside the usual ones. One line per tool: add a tool here, and to the
 * README's table of presets.
 */
export interface ToolPreset {
  /** Set with --server only: the server's address. */
  readonly url: string
  readonly token: string
}

export const TOOL_PRESETS: Readonly<Record<string, ToolPreset>> = {
  kometa: { url: 'KOMETA_PLEX_URL', token: 'KOMETA_PLEX_TOKEN' },
  tautulli: { url: 'TAUTULLI_PMS_URL', token: 'TAUTULLI_PMS_TOKEN' },
}

/** The preset of a tool named as people write it ("Kometa" is kometa too), if it has one. */
export function presetOf(tool: string): ToolPreset | undefined {
  const name = tool.toLowerCase()
  return Object.hasOwn(TOOL_PRESETS, name) ? TOOL_PRESETS[name] : undefined
}

/** The preset's variables: the token always, the address when there is one (with --server). */
export function presetVariables(tool: string, token: string, url: string | null): Readonly<Record<string, string>> {
  const preset = presetOf(tool)
  if (!preset) return {}
  return url === null ? { [preset.token]: token } : { [preset.url]: url, [preset.token]: token }
}
