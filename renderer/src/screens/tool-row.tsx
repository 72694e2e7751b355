import type { ToolListing } from '../../../preload/api'
import { Name } from '../components/name'
import { When } from './when'

/**
 * One tool with a device of its own: its name, when it got the device and when plex.tv last saw
 * it, and Revoke, which names the tool (a list of bare "Revoke" buttons says nothing out of context).
 */
export function ToolRow({ tool, now, onRevoke }: { readonly tool: ToolListing; readonly now: number; readonly onRevoke: () => void }) {
  return (
    <li className="listing-row tool" data-tool={tool.name}>
      <span className="listing-names">
        <Name text={tool.name} className="listing-name tool-name" />
      </span>
      <span className="listing-meta">
        <When at={tool.createdAt} now={now} lead="Created" />
        {' · '}
        <When at={tool.lastSeenAt} now={now} lead="last seen" />
      </span>
      <button type="button" className="button button-quiet listing-action" aria-label={`Revoke ${tool.name}`} onClick={onRevoke}>
        Revoke…
      </button>
    </li>
  )
}
