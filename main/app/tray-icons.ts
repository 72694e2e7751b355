import { join } from 'node:path'
import { nativeImage, type NativeImage } from 'electron'
import type { TrayIconKey } from './tray-menu'

/**
 * Where the drawn icons live (scripts/make-icons.mjs writes them into resources/). macOS gets
 * black-and-alpha "Template" images that the menu bar recolours for light and dark mode; the
 * `@2x` files beside each are picked up by nativeImage on high-density screens.
 */
export function trayIconPath(resourcesDir: string, key: TrayIconKey, platform: NodeJS.Platform): string {
  return join(resourcesDir, 'tray', platform === 'darwin' ? `${key}Template.png` : `${key}.png`)
}

export function loadTrayIcon(resourcesDir: string, key: TrayIconKey, platform: NodeJS.Platform): NativeImage {
  const image = nativeImage.createFromPath(trayIconPath(resourcesDir, key, platform))
  if (platform === 'darwin') image.setTemplateImage(true)
  return image
}

/** The app icon used for the window and notifications (macOS and Windows take the bundle's own). */
export function appIconPath(resourcesDir: string): string {
  return join(resourcesDir, 'icons', '256x256.png')
}
