import { Notification } from 'electron'
import type { AuthNotice } from './auth-notifications'

/**
 * Shows an AuthNotice as an OS notification. The last one is kept referenced: a notification
 * object that is garbage-collected stops delivering its click.
 *
 * On Windows a toast outlives its object (it stays in the Action Center, even across a restart of
 * Plexkey), so its click is taken from Notification.handleActivation, registered once at start
 * (start-app.ts), and not from the object as well: Electron calls both for a toast still in memory
 * (electron.d.ts, Notification.handleActivation), which would start two sign-ins.
 */
export function createNotificationShower(
  iconPath: string,
  platform: NodeJS.Platform,
): (notice: AuthNotice, onClick: () => void) => void {
  let current: Notification | null = null
  return (notice, onClick) => {
    if (!Notification.isSupported()) return
    current?.close()
    const notification = new Notification({ title: notice.title, body: notice.body, icon: iconPath })
    if (platform !== 'win32') notification.on('click', () => onClick())
    notification.show()
    current = notification
  }
}
