import type { ToolListing } from '../../preload/api'
import { toolDeviceName } from '../core/tools/tool-name'
import { columnTable, type TableRow, type TableShape } from './column-table'
import { localDate } from './local-time'

type Column = 'name' | 'device' | 'created' | 'seen'

/**
 * The tool's name comes first and is never cut: it is what `tools revoke` takes. Names are letters,
 * digits, - and _ (the keychain entry is validated), so they are shown as they are. On a narrow
 * terminal the device name gives way first, then the day last seen.
 */
const SHAPE: TableShape<Column> = {
  headings: { name: 'TOOL', device: 'DEVICE', created: 'CREATED', seen: 'LAST SEEN' },
  order: ['name', 'device', 'created', 'seen'],
  capped: {},
  shrink: [],
  droppedFirst: ['device', 'seen'],
}

function rowOf(tool: ToolListing): TableRow<Column> {
  return {
    name: tool.name,
    device: toolDeviceName(tool.name),
    created: localDate(tool.createdAt),
    seen: tool.lastSeenAt === null ? 'not listed' : localDate(tool.lastSeenAt),
  }
}

/** `plexkey tools` for a person: one tool a line, oldest first, fit to `columns`. */
export function toolsTable(tools: readonly ToolListing[], columns: number): string[] {
  return columnTable(SHAPE, tools.map(rowOf), columns)
}
