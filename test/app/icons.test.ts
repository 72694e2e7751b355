import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { trayIconKeys } from '../../main/app/tray-menu'

// The PNGs scripts/make-icons.mjs wrote into resources/, read back and checked.

const resources = join(process.cwd(), 'resources')

/** Width, height and RGBA pixels of a PNG (8-bit RGBA, no interlace: what the script writes). */
function readPng(path: string): { width: number; height: number; rgba: Buffer } {
  const buf = readFileSync(path)
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  let offset = 8
  let width = 0
  let height = 0
  const data: Buffer[] = []
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset)
    const type = buf.toString('ascii', offset + 4, offset + 8)
    const body = buf.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      expect([body[8], body[9]]).toEqual([8, 6])
    }
    if (type === 'IDAT') data.push(body)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(data))
  const rgba = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0)
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))
  }
  return { width, height, rgba }
}

function visiblePixels(rgba: Buffer): number {
  let n = 0
  for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] ?? 0) > 0) n++
  return n
}

describe('app icon', () => {
  it('comes in every size the platforms ask for, 16 to 1024', () => {
    const sizes = readdirSync(join(resources, 'icons')).sort((a, b) => parseInt(a) - parseInt(b))
    expect(sizes).toEqual(['16x16.png', '24x24.png', '32x32.png', '48x48.png', '64x64.png', '128x128.png', '256x256.png', '512x512.png', '1024x1024.png'])
    for (const name of sizes) {
      const size = parseInt(name)
      const png = readPng(join(resources, 'icons', name))
      expect([png.width, png.height]).toEqual([size, size])
      expect(visiblePixels(png.rgba)).toBeGreaterThan(size * size * 0.5)
    }
    const main = readPng(join(resources, 'icon.png'))
    expect([main.width, main.height]).toEqual([1024, 1024])
  })
})

describe('tray icons', () => {
  for (const key of trayIconKeys) {
    it(`${key}: 16 px and @2x 32 px, in colour and as a black macOS template`, () => {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        const colour = readPng(join(resources, 'tray', `${key}${suffix}.png`))
        expect([colour.width, colour.height]).toEqual([size, size])
        expect(visiblePixels(colour.rgba)).toBeGreaterThan(size * size * 0.15)
        const template = readPng(join(resources, 'tray', `${key}Template${suffix}.png`))
        expect([template.width, template.height]).toEqual([size, size])
        expect(visiblePixels(template.rgba)).toBeGreaterThan(size * size * 0.1)
        // macOS recolours templates from their alpha: every pixel must be black.
        for (let i = 0; i < template.rgba.length; i += 4) {
          expect((template.rgba[i] ?? 0) + (template.rgba[i + 1] ?? 0) + (template.rgba[i + 2] ?? 0)).toBe(0)
        }
      }
    })
  }

  it('draws each state differently', () => {
    const seen = new Set(trayIconKeys.map((key) => readFileSync(join(resources, 'tray', `${key}.png`)).toString('base64')))
    const templates = new Set(trayIconKeys.map((key) => readFileSync(join(resources, 'tray', `${key}Template.png`)).toString('base64')))
    expect(seen.size).toBe(trayIconKeys.length)
    expect(templates.size).toBe(trayIconKeys.length)
  })
})
