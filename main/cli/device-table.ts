import type { DeviceView } from '../core/devices/device-view'
import { safeLabel } from '../core/servers/server-text'
import { columnTable, type TableRow, type TableShape } from './column-table'
import { localDate } from './local-time'
import { wrapColumns } from './terminal-fit'

type Column = 'id' | 'name' | 'product' | 'platform' | 'seen' | 'note'

/**
 * The id comes first and is never cut: it is what `devices revoke` takes; nor is the mark. A name
 * is shown at most 40 columns wide; when the terminal is narrow, the name gives way to 20
 * columns, the product to 12, the name to 8; past that, the platform, the product and the day
 * last seen give way, in this order.
 */
const SHAPE: TableShape<Column> = {
  headings: { id: 'ID', name: 'DEVICE', product: 'PRODUCT', platform: 'PLATFORM', seen: 'LAST SEEN', note: '' },
  order: ['id', 'name', 'product', 'platform', 'seen', 'note'],
  capped: { name: 40 },
  shrink: [
    ['name', 20],
    ['product', 12],
    ['name', 8],
  ],
  droppedFirst: ['platform', 'product', 'seen'],
}

const STALE_NOTE = 'stale'

function rowOf(device: DeviceView): TableRow<Column> {
  return {
    id: String(device.id),
    name: safeLabel(device.name),
    product: device.product === '' ? '' : safeLabel(device.product),
    platform: device.platform === '' ? '' : safeLabel(device.platform),
    seen: device.lastSeenAt === null ? 'never' : localDate(device.lastSeenAt),
    // A tool's name is letters, digits, - and _ only (the keychain entry is validated): safe as it is.
    note: [device.thisDesktop ? 'this desktop' : null, device.tool === null ? null : `tool ${device.tool}`, device.stale ? STALE_NOTE : null]
      .filter((note) => note !== null)
      .join(', '),
  }
}

/**
 * `plexkey devices` for a person: one device a line, last seen first, fit to `columns`, and
 * under the table what "stale" means when a device is.
 */
export function deviceTable(devices: readonly DeviceView[], columns: number): string[] {
  const lines = columnTable(SHAPE, devices.map(rowOf), columns)
  if (!devices.some((device) => device.stale)) return lines
  const why = `${STALE_NOTE}: not seen for 90 days or more. To remove one: plexkey devices revoke <id>`
  return [...lines, '', ...wrapColumns(why, columns, { indent: 2, whole: false })]
}
