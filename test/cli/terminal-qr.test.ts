import { describe, expect, it } from 'vitest'
import { QUIET_ZONE, terminalQr } from '../../main/cli/terminal-qr'
import { decodeModules, modulesOf, quietZoneOf } from '../support/terminal-qr-reader'

const PAYLOADS = [
  'https://plex.tv/link/?pin=AB7Q',
  // Longer payloads need a larger symbol version; non-ASCII is encoded as bytes.
  `https://plex.tv/link/?pin=${'Z'.repeat(120)}`,
  'https://plex.tv/link/?pin=ÅØ0O',
]

describe('the terminal QR code', () => {
  it.each(PAYLOADS)('decodes back to its payload: %s', (payload) => {
    expect(decodeModules(modulesOf(terminalQr(payload)))).toBe(payload)
  })

  it('keeps a quiet zone of 4 modules on every side, as the QR specification asks', () => {
    const modules = modulesOf(terminalQr(PAYLOADS[0] ?? ''))
    expect(QUIET_ZONE).toBe(4)
    // The drawn height is rounded up to a whole line, so the bottom may have half a module more.
    expect(quietZoneOf(modules)).toBe(4)
    // The measure itself tells a thinner border apart.
    const cropped = modules.slice(3, -4).map((row) => row.slice(3, -3))
    expect(quietZoneOf(cropped)).toBe(1)
  })

  it('keeps a plex.tv/link code block within a 24-row terminal: the QR code takes 17 rows', () => {
    expect(terminalQr(PAYLOADS[0] ?? '')).toHaveLength(17)
  })

  it('draws two module rows per line, square in a terminal cell, dark on light on every line', () => {
    const lines = terminalQr(PAYLOADS[0] ?? '')
    const width = [...(lines[0] ?? '').replace(/\x1b\[[0-9;]*m/g, '')].length
    expect(lines).toHaveLength(Math.ceil(width / 2))
    for (const line of lines) expect(line).toMatch(/^\x1b\[38;5;16;48;5;231m[ ▀▄█]+\x1b\[0m$/)
  })
})
