import jsQR from 'jsqr'

/** A QR symbol as rows of modules (true: dark), the form every drawn code is read back into. */
export type Modules = readonly (readonly boolean[])[]

/**
 * Reads the text of a QR code from RGBA pixels, as a phone's camera would: null when no code is
 * found. Independent of how the code was made, so a test learns what was drawn, not what was meant.
 */
export function decodeQrPixels(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  return jsQR(rgba, width, height)?.data ?? null
}

/** What a camera would read: the modules drawn black on white, `pixelsPerModule` pixels each. */
export function decodeModules(modules: Modules, pixelsPerModule = 4): string | null {
  const height = modules.length * pixelsPerModule
  const width = (modules[0]?.length ?? 0) * pixelsPerModule
  const pixels = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const shade = modules[Math.floor(y / pixelsPerModule)]?.[Math.floor(x / pixelsPerModule)] ? 0 : 255
      pixels.set([shade, shade, shade, 255], (y * width + x) * 4)
    }
  }
  return decodeQrPixels(pixels, width, height)
}

/**
 * Reads a QR code drawn as an SVG path of unit squares (`M<x> <y>h1v1h-1z` per dark module) over
 * a light square of `extent` modules.
 */
export function decodeQrPath(path: string, extent: number): string | null {
  const modules = Array.from({ length: extent }, () => new Array<boolean>(extent).fill(false))
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const row = modules[Number(y)]
    if (row && Number(x) < extent) row[Number(x)] = true
  }
  return decodeModules(modules, 8)
}
