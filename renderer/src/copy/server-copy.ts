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
      return {
        short: `${VIA[state.via].short} · ${state.rttMs} ms`,
        long: `Online via ${VIA[state.via].long}, ${state.rttMs} ms`,
        tone: 'ok',
      }
    case 'unreachable':
      return state.tried === 0
        ? { short: 'no address', long: 'Unreachable: no address to try', tone: 'warning' }
        : { short: 'unreachable', long: 'Unreachable from this computer', tone: 'warning' }
    case 'offline':
      return { short: 'offline', long: 'Offline', tone: 'off' }
  }
}
