import { Notification } from 'electron'
import type { AuthNotice } from './auth-notifications'

/**
 * Shows an AuthNotice as an OS notification. The last one is kept referenced: a notification
 * object that is garbage-collected stops delivering its click.
 */
export function createNotificationShower(iconPath: string): (notice: AuthNotice, onClick: () => void) => void {
  let current: Notification | null = null
  return (notice, onClick) => {
    if (!Notification.isSupported()) return
    current?.close()
    const notification = new Notification({ title: notice.title, body: notice.body, icon: iconPath })
    notification.on('click', () => onClick())
    notification.show()
    current = notification
  }
}
