import { useRef } from 'react'
import type { ToolListing } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { shownValue, useListing } from '../bridge/use-listing'
import { useConfirm } from '../components/confirm-host'
import { DisclosureSection } from '../components/disclosure-section'
import { FoldedList } from '../components/folded-list'
import { toolsCopy } from '../copy/device-copy'
import { useNow } from '../hooks/use-now'
import { useRemoval } from '../hooks/use-removal'
import { useRescueFocus } from '../hooks/use-rescue-focus'
import { ListingCount, ListingStatus, type RemovalsProps, RemovalNotice } from './listing-parts'
import { ToolRow } from './tool-row'

/** Rows shown before the rest fold away. */
const ROWS_SHOWN = 5

/**
 * The tools that have a device of their own (`plexkey exec --as <tool>`), each revocable on its
 * own without signing this desktop out. Asked of main when the window opens and after every
 * removal on the screen: removing a tool's device under "Where you're signed in" revokes it too.
 */
export function ToolsSection({ removals, onRemoved }: RemovalsProps) {
  const { api } = useBridge()
  const confirm = useConfirm()
  const now = useNow(60_000)
  const { load, refresh } = useListing(() => api.tools.list(), removals)
  const { removal, remove, settledCount } = useRemoval('tool', onRemoved)
  const tools = shownValue(load)
  const toggleRef = useRef<HTMLButtonElement>(null)
  // A revoked tool's row goes with its button: focus comes back to the section, not to the page's top.
  useRescueFocus(() => toggleRef.current, settledCount === 0 ? '' : `${settledCount}:${tools?.map((tool) => tool.name).join('\n') ?? ''}`)

  const askRevoke = (tool: ToolListing): void =>
    confirm({
      title: `Revoke ${tool.name}?`,
      body: <p>{toolsCopy.confirmBody(tool.name)}</p>,
      confirmLabel: 'Revoke',
      onConfirm: () => void remove(tool.name, () => api.tools.revoke({ name: tool.name })),
    })

  return (
    <DisclosureSection
      title="Tools"
      className="tools"
      busy={load.kind === 'loading'}
      toggleRef={toggleRef}
      summary={<ListingCount count={tools?.length ?? null} noun={tools?.length === 1 ? 'tool' : 'tools'} />}
    >
      <RemovalNotice removal={removal} />
      <ListingStatus load={load} looking="Looking for your tools…" onRetry={refresh} />
      {tools?.length === 0 && (
        <p className="listing-empty">
          {`${toolsCopy.empty} `}
          <code className="command">{toolsCopy.emptyCommand}</code>
          {` ${toolsCopy.emptyAfter}`}
        </p>
      )}
      {tools !== null && tools.length > 0 && (
        <FoldedList
          className="listing card"
          limit={ROWS_SHOWN}
          noun="tools"
          items={tools.map((tool) => (
            <ToolRow key={tool.name} tool={tool} now={now} onRevoke={() => askRevoke(tool)} />
          ))}
        />
      )}
    </DisclosureSection>
  )
}
