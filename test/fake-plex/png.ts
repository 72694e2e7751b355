import { encodePng } from '../../scripts/png-encode.mjs'

/** A real, small PNG (a square in Plex orange), so avatar handling is tested with real image bytes. */
export function solidPng(size = 8, rgb: readonly [number, number, number] = [0xe5, 0xa0, 0x0d]): Buffer {
  const pixels = Buffer.alloc(size * size * 3).map((_, i) => rgb[i % 3] ?? 0)
  return encodePng(size, pixels, { channels: 3 })
}
