import { describe, expect, it } from 'vitest'
import type { PinView } from '../../preload/api'
import { createHumanLoginView } from '../../main/cli/login-view'
import { QUIET_ZONE, terminalQr } from '../../main/cli/terminal-qr'
import { screenOf } from '../support/terminal-screen'
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

  it('keeps a plex.tv/link code block within a 24-row terminal, renewal notice, QR code and live line included', async () => {
    expect(terminalQr(PAYLOADS[0] ?? '')).toHaveLength(17)
    let output = ''
    const terminal = { isTTY: true, columns: 80, rows: 24, write: (text: string) => (output += text) }
    const now = Date.UTC(2026, 0, 1, 12, 0, 0)
    const view = createHumanLoginView({ stdout: terminal, stderr: terminal }, { now: () => now })
    const renewed: PinView = { mode: 'link', pinId: 2, code: 'AB7Q', url: 'https://plex.tv/link', qrPayload: PAYLOADS[0] ?? '', expiresAt: now + 900_000, renewals: 1 }
    view.waiting(renewed, null)
    await view.flush()
    // Every row written, on a terminal as tall as it takes: from the notice to the row the cursor
    // waits on, under the live line.
    const rows = screenOf(output)
    expect(rows[0]).toBe('The code expired, so here is a new one.')
    expect(rows.at(-2)).toMatch(/^Waiting for approval/)
    const caption = rows.indexOf('or scan this QR code with your phone:')
    expect(rows.slice(caption + 1, -2)).toHaveLength(17)
    expect(rows.length).toBeLessThanOrEqual(24)
  })

  it('draws two module rows per line, square in a terminal cell, dark on light on every line', () => {
    const lines = terminalQr(PAYLOADS[0] ?? '')
    const width = [...(lines[0] ?? '').replace(/\x1b\[[0-9;]*m/g, '')].length
    expect(lines).toHaveLength(Math.ceil(width / 2))
    for (const line of lines) expect(line).toMatch(/^\x1b\[38;5;16;48;5;231m[ ▀▄█]+\x1b\[0m$/)
  })
})
