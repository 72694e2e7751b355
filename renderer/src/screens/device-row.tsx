import type { DeviceListing } from '../../../preload/api'
import { Name } from '../components/name'
import { devicesCopy } from '../copy/device-copy'
import { displayName } from '../format/display-name'
import { When } from './when'

/**
 * One place the account is signed in: its name (untrusted text from plex.tv, cut to one line),
 * what it is and when it was last seen, its marks (this desktop, a tool's own, stale), and
 * "Remove…" naming it. This desktop has no Remove: signing out is its way out.
 */
export function DeviceRow({ device, now, onRemove }: { readonly device: DeviceListing; readonly now: number; readonly onRemove: () => void }) {
  const name = device.name === '' ? 'Unnamed device' : device.name
  const what = [device.product, device.platform].filter((part) => part !== '').map(displayName).join(' · ')
  return (
    <li className={device.stale ? 'listing-row device device-stale' : 'listing-row device'} data-device-id={device.id}>
      <span className="listing-names">
        <Name text={name} className="listing-name device-name" />
      </span>
      <span className="listing-marks">
        {device.thisDesktop && <span className="badge badge-this">This desktop</span>}
        {device.tool !== null && <span className="badge badge-tool">{`Tool: ${displayName(device.tool)}`}</span>}
        {device.stale && <span className="badge badge-stale">Stale</span>}
      </span>
      <span className="listing-meta">
        {what !== '' && (
          <>
            <bdi>{what}</bdi>
            {' · '}
          </>
        )}
        <When at={device.lastSeenAt} now={now} lead="last seen" />
      </span>
      {device.thisDesktop ? (
        <span className="listing-note">{devicesCopy.thisDesktopNote}</span>
      ) : (
        <button type="button" className="button button-quiet listing-action" aria-label={`Remove ${displayName(name)}`} onClick={onRemove}>
          Remove…
        </button>
      )}
    </li>
  )
}
