/**
 * A square image's pixels, row by row, `channels` bytes each (3: RGB; 4: RGBA, straight alpha) →
 * PNG bytes. `level` is zlib's compression level for the image data (zlib's default if left out).
 */
export declare function encodePng(
  size: number,
  pixels: Uint8Array,
  options: { readonly channels: 3 | 4; readonly level?: number },
): Buffer
