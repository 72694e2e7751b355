import type { MenuItemConstructorOptions } from 'electron'

/**
 * The macOS menu bar: Plexkey's own menu and Edit, so the usual shortcuts (copy a code, paste) work
 * in the window. Without one, Electron installs its default, whose Help menu links to Electron's
 * site. Roles only: macOS names and handles them (About shows the app's name and version).
 * Windows and Linux get no menu bar at all.
 */
export function macApplicationMenu(): MenuItemConstructorOptions[] {
  return [
    {
      label: 'Plexkey',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
  ]
}
