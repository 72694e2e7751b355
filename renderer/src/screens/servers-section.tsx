import { useEffect, useRef } from 'react'
import { useBridge } from '../bridge/bridge-context'
import { useServers } from '../bridge/use-servers'
import { useAnnouncer } from '../components/announcer'
import { FoldedList } from '../components/folded-list'
import { errorCopy } from '../copy/error-copy'
import { unencryptedCopy } from '../copy/server-copy'
import { ServerRow } from './server-row'

/** Rows on the first screen of the window, under the account and its status; more fold away. */
const ROWS_SHOWN = 5

/** The account's Media Servers and how each is reached; a section of its own in the signed-in view. */
export function ServersSection() {
  const { api } = useBridge()
  const say = useAnnouncer()
  const { load, refresh } = useServers(api)
  const shown = load.kind === 'ready' ? load.view : load.kind === 'loading' ? load.last : null
  // Said only after a Refresh someone pressed: lists main finds by itself come quietly.
  const asked = useRef(false)
  useEffect(() => {
    if (!asked.current || load.kind === 'loading') return
    asked.current = false
    say(load.kind === 'ready' ? `${load.view.servers.length} servers found.` : errorCopy(load.error).sentence, load.kind === 'ready' ? 'polite' : 'assertive')
  }, [load, say])

  return (
    <section className="servers" aria-labelledby="servers-title" aria-busy={load.kind === 'loading' || undefined}>
      <div className="servers-heading" data-primary>
        <h2 id="servers-title">Servers</h2>
        {shown && (
          <span className="count">
            {shown.servers.length}
            <span className="visually-hidden"> servers</span>
          </span>
        )}
        {load.kind === 'loading' && shown && <span className="servers-looking">Looking…</span>}
        <button
          type="button"
          className="button button-quiet"
          aria-label="Refresh servers"
          onClick={() => {
            asked.current = true
            say('Looking for your servers…', 'polite')
            refresh()
          }}
        >
          Refresh
        </button>
      </div>
      {load.kind === 'loading' && !shown && <p className="servers-status">Looking for your servers…</p>}
      {load.kind === 'failed' && <p className="servers-failure">{errorCopy(load.error).sentence}</p>}
      {shown && shown.servers.length === 0 && <p>There are no Plex Media Servers on this account.</p>}
      {shown && shown.servers.length > 0 && (
        <FoldedList
          className="server-list card"
          limit={ROWS_SHOWN}
          noun="servers"
          primary
          items={shown.servers.map((server) => (
            <ServerRow key={server.clientIdentifier} server={server} />
          ))}
        />
      )}
      {/* The way to allow such a server is said once, under the list, not squeezed into its row. */}
      {shown?.servers.some((server) => server.state.kind === 'unencrypted-only') && <p className="servers-note">{unencryptedCopy.howToAllow}</p>}
    </section>
  )
}
