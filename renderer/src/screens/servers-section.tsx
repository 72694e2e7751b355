import type { ServerListing, ServerStateView } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { useServers } from '../bridge/use-servers'
import { ActionButton } from '../components/action-button'
import { errorCopy } from '../copy/error-copy'
import { unencryptedCopy } from '../copy/server-copy'

const VIA_TEXT: Readonly<Record<Extract<ServerStateView, { kind: 'online' }>['via'], string>> = {
  local: 'local network',
  remote: 'internet',
  relay: 'Plex relay',
}

/** One line on how a server can be reached. */
export function serverStateText(state: ServerStateView): string {
  switch (state.kind) {
    case 'online':
      return `Online via ${VIA_TEXT[state.via]}${state.encrypted ? '' : ` ${unencryptedCopy.inUse}`}, ${state.rttMs} ms`
    case 'unencrypted-only':
      return unencryptedCopy.onlyUnencrypted
    case 'unreachable':
      return state.tried === 0 ? 'Unreachable: no address to try' : 'Unreachable from this computer'
    case 'offline':
      return 'Offline'
  }
}

function ServerRow({ server }: { readonly server: ServerListing }) {
  const { api } = useBridge()
  const request = { clientIdentifier: server.clientIdentifier }
  return (
    <li className="server" data-server-id={server.clientIdentifier}>
      <div className="server-names">
        {/* bdi: a name from plex.tv must not reorder the text around it. */}
        <bdi className="server-name">{server.name}</bdi>
        <span className="server-owner">{server.owned ? 'Owned' : 'Shared with you'}</span>
      </div>
      <p className={`server-state server-${server.state.kind}`}>
        <span className="health-dot" aria-hidden="true" />
        {serverStateText(server.state)}
      </p>
      <div className="server-actions">
        {server.state.kind === 'online' && (
          <ActionButton variant="quiet" onAction={() => api.servers.copyAddress(request)} doneText="Address copied">
            Copy address
          </ActionButton>
        )}
        <ActionButton variant="quiet" onAction={() => api.servers.openWeb(request)}>
          Open in Plex Web
        </ActionButton>
      </div>
    </li>
  )
}

/** The account's Media Servers and how each is reached; a section of its own in the signed-in view. */
export function ServersSection() {
  const { api } = useBridge()
  const { load, refresh } = useServers(api)
  const shown = load.kind === 'ready' ? load.view : load.kind === 'loading' ? load.last : null
  return (
    <section className="servers" aria-labelledby="servers-title" aria-busy={load.kind === 'loading' || undefined}>
      <div className="servers-heading">
        <h2 id="servers-title">Servers</h2>
        <button type="button" className="button button-quiet" onClick={refresh}>
          Refresh
        </button>
      </div>
      <p role="status" className="servers-status">
        {load.kind === 'loading' ? 'Looking for your servers…' : ''}
      </p>
      {load.kind === 'failed' && <p className="servers-failure">{errorCopy(load.error).sentence}</p>}
      {shown && shown.servers.length === 0 && <p>There are no Plex Media Servers on this account.</p>}
      {shown && shown.servers.length > 0 && (
        <ul className="server-list card">
          {shown.servers.map((server) => (
            <ServerRow key={server.clientIdentifier} server={server} />
          ))}
        </ul>
      )}
    </section>
  )
}
