/**
 * What the window says of a server that answers only over plain http off this computer, and of one
 * used so because the user allowed it (the "unencrypted server connections" setting).
 */
export const unencryptedCopy = {
  /** The state line of a server no encrypted address of which answered. */
  onlyUnencrypted: 'Reachable only without encryption. To use it anyway, allow unencrypted server connections in Settings.',
  /** Added to the state line of a server used over plain http. */
  inUse: 'without encryption',
} as const
