import { useRef } from 'react'
import type { DeviceListing } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { shownValue, useListing } from '../bridge/use-listing'
import { useConfirm } from '../components/confirm-host'
import { DisclosureSection } from '../components/disclosure-section'
import { FoldedList } from '../components/folded-list'
import { Name } from '../components/name'
import { devicesCopy } from '../copy/device-copy'
import { displayName } from '../format/display-name'
import { useNow } from '../hooks/use-now'
import { useRemoval } from '../hooks/use-removal'
import { useRescueFocus } from '../hooks/use-rescue-focus'
import { DeviceRow } from './device-row'
import { ListingCount, ListingStatus, type RemovalsProps, RemovalNotice } from './listing-parts'

/** Rows shown before the rest fold away. */
const ROWS_SHOWN = 5

/**
 * Everywhere the account is signed in, as plex.tv lists it (main has dropped the tokens): this
 * desktop and the tools marked, stale devices flagged, and each other device removable after a
 * confirmation. Asked of main when the window opens and after every removal on the screen: a
 * revoked tool's device leaves this list too.
 */
export function DevicesSection({ removals, onRemoved }: RemovalsProps) {
  const { api } = useBridge()
  const confirm = useConfirm()
  const now = useNow(60_000)
  const { load, refresh } = useListing(() => api.devices.list(), removals)
  const { removal, remove, settledCount } = useRemoval('device', onRemoved)
  const devices = shownValue(load)
  const stale = devices?.filter((device) => device.stale).length ?? 0
  const toggleRef = useRef<HTMLButtonElement>(null)
  // A removed device's row goes with its button: focus comes back to the section, not to the page's top.
  useRescueFocus(() => toggleRef.current, settledCount === 0 ? '' : `${settledCount}:${devices?.map((device) => device.id).join(',') ?? ''}`)

  const askRemove = (device: DeviceListing): void => {
    const name = displayName(device.name === '' ? 'Unnamed device' : device.name)
    confirm({
      title: 'Remove this device?',
      body: (
        <>
          <p className="dialog-subject">
            <Name text={name} />
          </p>
          <p>{devicesCopy.confirmBody}</p>
        </>
      ),
      confirmLabel: 'Remove',
      onConfirm: () => void remove(name, () => api.devices.remove({ id: device.id })),
    })
  }

  return (
    <DisclosureSection
      title="Where you’re signed in"
      className="devices"
      busy={load.kind === 'loading'}
      toggleRef={toggleRef}
      summary={
        <>
          <ListingCount count={devices?.length ?? null} noun={devices?.length === 1 ? 'device' : 'devices'} />
          {stale > 0 && <span className="badge badge-stale">{`${stale} stale`}</span>}
        </>
      }
    >
      <RemovalNotice removal={removal} />
      <ListingStatus load={load} looking="Asking plex.tv where you’re signed in…" onRetry={refresh} />
      {devices?.length === 0 && <p className="listing-empty">{devicesCopy.empty}</p>}
      {devices !== null && devices.length > 0 && (
        <FoldedList
          className="listing card"
          limit={ROWS_SHOWN}
          noun="devices"
          items={devices.map((device) => (
            <DeviceRow key={device.id} device={device} now={now} onRemove={() => askRemove(device)} />
          ))}
        />
      )}
      {stale > 0 && <p className="listing-footnote">{devicesCopy.staleNote}</p>}
    </DisclosureSection>
  )
}
