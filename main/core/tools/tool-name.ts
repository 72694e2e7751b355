/** A tool's name: what `--as` takes, and what its device is called after. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/

/** The name under which Plexkey mints a device for its own command, as it does for a tool. */
export const COMMAND_TOOL = 'plexkey'

/** Letters, digits, `-` and `_`, 1 to 32 of them: a name that is safe in a device name, a keychain entry and a terminal. */
export function isToolName(name: string): boolean {
  return TOOL_NAME_PATTERN.test(name)
}

/** How plex.tv's device list names a tool's device. */
export function toolDeviceName(tool: string): string {
  return `${tool} (Plexkey)`
}
