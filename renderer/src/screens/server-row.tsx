import { useEffect } from 'react'
import type { ServerListing } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { MenuButton, MoreIcon } from '../components/menu-button'
import { Name } from '../components/name'
import { serverStateCopy } from '../copy/server-copy'
import { displayName } from '../format/display-name'
import { useAction } from '../hooks/use-action'

/** How long an action's outcome stands in for the server's state in its row. */
const FEEDBACK_MS = 5_000

/**
 * One server in one row: a dot, its name, how it is reached ("local · 15 ms") and a menu with
 * what can be done with it. Every control names the server, since a list of "Copy address"
 * buttons says nothing out of context.
 */
export function ServerRow({ server }: { readonly server: ServerListing }) {
  const { api } = useBridge()
  const request = { clientIdentifier: server.clientIdentifier }
  const copy = useAction(() => api.servers.copyAddress(request), 'Address copied.')
  const open = useAction(() => api.servers.openWeb(request))
  const feedback = copy.feedback ?? open.feedback
  const { short, long, tone } = serverStateCopy(server.state)
  const name = displayName(server.name)

  const { clear: clearCopy } = copy
  const { clear: clearOpen } = open
  useEffect(() => {
    if (feedback === null) return
    const timer = setTimeout(() => {
      clearCopy()
      clearOpen()
    }, FEEDBACK_MS)
    return () => clearTimeout(timer)
  }, [feedback, clearCopy, clearOpen])

  const items = [
    ...(server.state.kind === 'online' ? [{ text: 'Copy address', label: `Copy address of ${name}`, onSelect: () => void copy.run() }] : []),
    { text: 'Open in Plex Web', label: `Open in Plex Web: ${name}`, onSelect: () => void open.run() },
  ]

  return (
    <li className="server" data-server-id={server.clientIdentifier}>
      <span className={`health-dot server-dot server-${tone}`} aria-hidden="true" />
      <span className="server-names">
        <Name text={server.name} className="server-name" />
        {!server.owned && <span className="badge">Shared</span>}
      </span>
      {feedback === null ? (
        <span className="server-state" title={long}>
          <span aria-hidden="true">{short}</span>
          <span className="visually-hidden">{long}</span>
        </span>
      ) : (
        <span className={`server-state action-${feedback.tone}`}>{feedback.text}</span>
      )}
      <MenuButton label={`Actions for ${name}`} items={items}>
        <MoreIcon />
      </MenuButton>
    </li>
  )
}
