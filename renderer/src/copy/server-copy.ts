import type { ServerConnectionKind, ServerStateView } from '../../../preload/api'

/**
 * How a server's row reads: a few words for the row ("local · 15 ms"), the same in a sentence for
 * screen readers and the tooltip, and the dot's colour. Any state added to ServerStateView gets
 * its words here and its own tone, and the row draws it as it draws these.
 */
export interface ServerStateCopy {
  readonly short: string
  readonly long: string
  readonly tone: 'ok' | 'warning' | 'off'
}

const VIA: Readonly<Record<ServerConnectionKind, { readonly short: string; readonly long: string }>> = {
  local: { short: 'local', long: 'local network' },
  remote: { short: 'remote', long: 'internet' },
  relay: { short: 'relay', long: 'Plex relay' },
}

export function serverStateCopy(state: ServerStateView): ServerStateCopy {
  switch (state.kind) {
    case 'online':
      // Used over plain http because the user allowed it: said in the row, not only in Settings.
      return state.encrypted
        ? { short: `${VIA[state.via].short} · ${state.rttMs} ms`, long: `Online via ${VIA[state.via].long}, ${state.rttMs} ms`, tone: 'ok' }
        : {
            short: `${VIA[state.via].short} · ${state.rttMs} ms · ${unencryptedCopy.inUse}`,
            long: `Online via ${VIA[state.via].long} ${unencryptedCopy.inUse}, ${state.rttMs} ms`,
            tone: 'warning',
          }
    case 'unencrypted-only':
      return { short: 'only without encryption', long: unencryptedCopy.onlyUnencrypted, tone: 'warning' }
    case 'unreachable':
      return state.tried === 0
        ? { short: 'no address', long: 'Unreachable: no address to try', tone: 'warning' }
        : { short: 'unreachable', long: 'Unreachable from this computer', tone: 'warning' }
    case 'offline':
      return { short: 'offline', long: 'Offline', tone: 'off' }
  }
}

/**
 * What the window says of a server that answers only over plain http off this computer, and of one
 * used so because the user allowed it (the "unencrypted server connections" setting).
 */
export const unencryptedCopy = {
  /** The state line of a server no encrypted address of which answered. */
  onlyUnencrypted: 'Reachable only without encryption. To use it anyway, allow unencrypted server connections in Settings.',
  /** Under the list, once, when a server answers only so. */
  howToAllow: 'A server reachable only without encryption is not used. To use it anyway, allow unencrypted server connections in Settings.',
  /** Added to the state line of a server used over plain http. */
  inUse: 'without encryption',
} as const
