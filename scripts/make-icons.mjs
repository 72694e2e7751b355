#!/usr/bin/env node
// Draws Plexkey's icons (an original key glyph) and writes them as PNGs into resources/:
//   icon.png                        1024 px app icon (electron-builder derives .icns and .ico from it)
//   icons/<n>x<n>.png               the Linux icon set, 16 to 1024 px
//   tray/<state>[Template][@2x].png tray icons per state; "Template" variants are black + alpha for macOS
// Shapes are signed distance functions, rendered with supersampling; png-encode.mjs writes the PNGs.
// Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodePng } from './png-encode.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')

// ---- shapes (unit square, y down) ------------------------------------------------------------

const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r
function box(x, y, cx, cy, hx, hy, radius = 0) {
  const dx = Math.abs(x - cx) - hx + radius
  const dy = Math.abs(y - cy) - hy + radius
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius
}

/** The key: a round bow with a keyhole, a shaft and two bits, laid at 45° across the square. */
function keyDistance(x, y, { cx = 0.5, cy = 0.5, scale = 1 } = {}) {
  // Into the key's own frame: origin at the centre, shaft along +u, rotated so it points up-right.
  const px = (x - cx) / scale
  const py = (y - cy) / scale
  const c = Math.SQRT1_2
  const u = c * px - c * py
  const v = c * px + c * py
  const bow = circle(u, v, -0.215, 0, 0.2)
  const shaft = box(u, v, 0.14, 0, 0.2, 0.055, 0.02)
  const bit1 = box(u, v, 0.235, 0.095, 0.04, 0.055, 0.01)
  const bit2 = box(u, v, 0.32, 0.115, 0.04, 0.075, 0.01)
  // The keyhole in the bow: a round head and a tapering slot.
  const hole = Math.min(circle(u, v, -0.235, 0, 0.062), box(u, v, -0.3, 0, 0.06, 0.03))
  return Math.max(Math.min(bow, shaft, bit1, bit2), -hole) * scale
}

// ---- colours and compositing -----------------------------------------------------------------

const hex = (h) => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255]
const GOLD = hex('#f2b134')
const GOLD_DARK = hex('#c7831a')
const INK = hex('#1d2430')
const GREEN = hex('#2fb463')
const RED = hex('#e5484d')
const BLUE = hex('#3b82f6')
const GREY = hex('#8b93a1')
const BLACK = [0, 0, 0]
const WHITE = [1, 1, 1]
const TEAL_TOP = hex('#16495a')
const TEAL_BOTTOM = hex('#0a2430')

/** Paints `color` with `alpha` over a premultiplied pixel [r, g, b, a]. */
function over(pixel, color, alpha) {
  pixel[0] = color[0] * alpha + pixel[0] * (1 - alpha)
  pixel[1] = color[1] * alpha + pixel[1] * (1 - alpha)
  pixel[2] = color[2] * alpha + pixel[2] * (1 - alpha)
  pixel[3] = alpha + pixel[3] * (1 - alpha)
}

/** Clears a pixel by `amount` (used to cut a gap around the status badge). */
function erase(pixel, amount) {
  for (let i = 0; i < 4; i++) pixel[i] *= 1 - amount
}

function render(size, paint, samples = size >= 256 ? 3 : 5) {
  const out = Buffer.alloc(size * size * 4)
  const pixel = [0, 0, 0, 0]
  const acc = [0, 0, 0, 0]
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      acc.fill(0)
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          pixel.fill(0)
          paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, pixel, 1 / size)
          for (let i = 0; i < 4; i++) acc[i] += pixel[i]
        }
      }
      const n = samples * samples
      const a = acc[3] / n
      const o = (py * size + px) * 4
      out[o] = a > 0 ? Math.round((acc[0] / n / a) * 255) : 0
      out[o + 1] = a > 0 ? Math.round((acc[1] / n / a) * 255) : 0
      out[o + 2] = a > 0 ? Math.round((acc[2] / n / a) * 255) : 0
      out[o + 3] = Math.round(a * 255)
    }
  }
  return out
}

// ---- the app icon ----------------------------------------------------------------------------

function paintAppIcon(x, y, pixel) {
  // A rounded square, inset as platform icon grids expect, with a soft vertical gradient.
  if (box(x, y, 0.5, 0.5, 0.41, 0.41, 0.09) < 0) {
    const t = (y - 0.09) / 0.82
    over(pixel, TEAL_TOP.map((c, i) => c + (TEAL_BOTTOM[i] - c) * t), 1)
  } else return
  const key = keyDistance(x, y, { scale: 0.78 })
  if (key < 0.012) over(pixel, INK, 0.35) // a faint shadow line that separates key and ground
  if (key < 0) {
    const t = Math.min(Math.max((x + y - 0.6) / 0.8, 0), 1)
    over(pixel, GOLD.map((c, i) => c + (GOLD_DARK[i] - c) * t), 1)
  }
}

// ---- tray icons ------------------------------------------------------------------------------

const BADGE = { cx: 0.77, cy: 0.77, r: 0.22, gap: 0.07 }

/** Badge glyphs per state; `template` draws black shapes only (macOS recolours them). */
const badges = {
  'signed-in': null,
  'signed-out': null,
  attention(x, y, pixel, template) {
    // A filled disc with an exclamation mark knocked out of it.
    if (circle(x, y, BADGE.cx, BADGE.cy, BADGE.r) >= 0) return
    const mark = Math.min(box(x, y, BADGE.cx, BADGE.cy - 0.045, 0.03, 0.09, 0.02), circle(x, y, BADGE.cx, BADGE.cy + 0.12, 0.032))
    if (mark < 0) {
      if (!template) over(pixel, WHITE, 1)
      return
    }
    over(pixel, template ? BLACK : RED, 1)
  },
  unreachable(x, y, pixel, template) {
    // A ring: "no answer", not an alarm.
    const d = Math.abs(circle(x, y, BADGE.cx, BADGE.cy, BADGE.r - 0.05)) - 0.05
    if (d < 0) over(pixel, template ? BLACK : GREY, 1)
  },
  'signing-in'(x, y, pixel, template) {
    // Three dots: something is under way.
    for (const dx of [-0.14, 0, 0.14]) {
      if (circle(x, y, BADGE.cx + dx, BADGE.cy, 0.055) < 0) over(pixel, template ? BLACK : BLUE, 1)
    }
  },
}

function trayPainter(state, template) {
  const badge = badges[state]
  const hollow = state === 'signed-out'
  return (x, y, pixel, px) => {
    const key = keyDistance(x, y, { cx: 0.46, cy: 0.46, scale: 0.98 })
    if (template) {
      // Signed out: a faded key (macOS draws template alpha as it is). Otherwise a solid one.
      if (key < 0) over(pixel, BLACK, hollow ? 0.45 : 1)
    } else {
      if (key < 1.1 * px) over(pixel, INK, hollow ? 0.5 : 0.9) // a 1 px rim keeps it visible on light panels
      if (key < 0) over(pixel, hollow ? GREY : GOLD, 1)
    }
    if (!badge) {
      if (state === 'signed-in' && !template && circle(x, y, BADGE.cx, BADGE.cy, BADGE.r * 0.8) < BADGE.gap) {
        erase(pixel, 1)
        if (circle(x, y, BADGE.cx, BADGE.cy, BADGE.r * 0.8) < 0) over(pixel, GREEN, 1)
      }
      return
    }
    if (circle(x, y, BADGE.cx, BADGE.cy, BADGE.r) < BADGE.gap) erase(pixel, 1)
    badge(x, y, pixel, template)
  }
}

// ---- write -----------------------------------------------------------------------------------

function write(path, size, paint) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, encodePng(size, render(size, paint), { channels: 4, level: 9 }))
}

write(join(root, 'icon.png'), 1024, paintAppIcon)
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  write(join(root, 'icons', `${size}x${size}.png`), size, paintAppIcon)
}
for (const state of ['signed-in', 'unreachable', 'attention', 'signing-in', 'signed-out']) {
  for (const template of [false, true]) {
    const name = `${state}${template ? 'Template' : ''}`
    write(join(root, 'tray', `${name}.png`), 16, trayPainter(state, template))
    write(join(root, 'tray', `${name}@2x.png`), 32, trayPainter(state, template))
  }
}
console.log(`icons written to ${root}`)
