import jsQR from 'jsqr'

/** Pixels per QR module when a drawn symbol is turned into an image for the decoder. */
const SCALE = 8

/**
 * Reads the text of a QR code from RGBA pixels, as a phone's camera would: null when no code is
 * found. Independent of how the code was made, so a test learns what was drawn, not what was meant.
 */
export function decodeQrPixels(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  return jsQR(rgba, width, height)?.data ?? null
}

/**
 * Reads a QR code drawn as an SVG path of unit squares (`M<x> <y>h1v1h-1z` per dark module) over
 * a light square of `extent` modules: the path is painted into pixels, then decoded.
 */
export function decodeQrPath(path: string, extent: number): string | null {
  const size = extent * SCALE
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255)
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < SCALE; dy += 1) {
      for (let dx = 0; dx < SCALE; dx += 1) {
        const at = ((Number(y) * SCALE + dy) * size + Number(x) * SCALE + dx) * 4
        rgba.fill(0, at, at + 3)
      }
    }
  }
  return decodeQrPixels(rgba, size, size)
}
