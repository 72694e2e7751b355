// A PNG encoder for square images drawn in code, on node:zlib alone: 8 bits per channel, no row
// filters. Plain ESM so `node scripts/make-icons.mjs` runs it as it is; the fake plex.tv's avatar
// (TypeScript, test/fake-plex/png.ts) uses it too, with the types in png-encode.d.mts.
import { constants, crc32, deflateSync } from 'node:zlib'

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/**
 * Pixels, row by row, `channels` bytes each (3: RGB; 4: RGBA, straight alpha) → PNG bytes.
 * `level` is zlib's compression level for the image data.
 */
export function encodePng(size, pixels, { channels, level = constants.Z_DEFAULT_COMPRESSION }) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = channels === 4 ? 6 : 2 // RGBA : truecolour
  const stride = size * channels
  const rows = Buffer.alloc(size * (stride + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (stride + 1)] = 0 // filter: none
    rows.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
