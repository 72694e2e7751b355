import { describe, expect, it } from 'vitest'
import type { AccountView, PinView } from '../../preload/api'
import { createHumanLoginView, createJsonLoginView } from '../../main/cli/login-view'
import type { CliIo } from '../../main/cli/output'
import { screenOf } from '../support/terminal-screen'
import { decodeModules, modulesOf } from '../support/terminal-qr-reader'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)

const linkPin: PinView = {
  mode: 'link',
  pinId: 1234567890,
  code: 'AB7Q',
  url: 'https://plex.tv/link',
  qrPayload: 'https://plex.tv/link/?pin=AB7Q',
  expiresAt: NOW + 15 * 60_000,
  renewals: 0,
}

const account: AccountView = { id: null, uuid: 'u', username: 'ola', title: 'Ola', email: null, avatar: null, hasPlexPass: null }
const storage = { name: 'Memory', service: 'plexkey', account: 'token:u' }

function capture(isTTY: boolean, columns?: number): { io: CliIo; out: () => string } {
  let out = ''
  const stream = { isTTY, columns, write: (text: string) => (out += text) }
  return { io: { stdout: stream, stderr: { write: () => true } }, out: () => out }
}

async function showLinkCode(view: ReturnType<typeof createHumanLoginView>): Promise<void> {
  view.waiting(linkPin, null)
  view.tick(NOW + 1_000)
  await view.flush()
}

describe('plexkey login --link output', () => {
  it('to a pipe: the code and the address, with no terminal escapes and no QR code', async () => {
    const { io, out } = capture(false)
    await showLinkCode(createHumanLoginView(io, () => NOW))
    expect(out()).not.toContain('\x1b')
    expect(out()).not.toMatch(/[▀▄█]/)
    expect(out()).not.toContain('QR')
    expect(out().split('\n')).toEqual([
      'Go to https://plex.tv/link and enter this code:',
      '',
      '    AB7Q',
      '',
      expect.stringMatching(/^Waiting for approval; the code expires at \d\d:\d\d:\d\d \(in 15:00\)\.$/),
      '',
    ])
  })

  it('to a terminal: a QR code for a phone, and the live countdown', async () => {
    const { io, out } = capture(true)
    await showLinkCode(createHumanLoginView(io, () => NOW))
    expect(out()).toContain('or scan this QR code with your phone:\n')
    expect(out().split('\n').filter((line) => /[▀▄█]/.test(line)).length).toBeGreaterThan(10)
    expect(out()).toContain('\r\x1b[2KWaiting for approval (the code expires in 14:59; Ctrl-C to cancel)')
  })

  it('to a terminal: the QR code scans back to the PIN link, in rows of half blocks', async () => {
    const { io, out } = capture(true)
    await showLinkCode(createHumanLoginView(io, () => NOW))
    const qrRows = screenOf(out()).filter((row) => /^[ ▀▄█]+$/.test(row) && /[▀▄█]/.test(row))
    expect(decodeModules(modulesOf(qrRows))).toBe(linkPin.qrPayload)
  })

  it('to a terminal: a renewed code replaces the old block in place, so one code and one QR code show', async () => {
    const { io, out } = capture(true)
    const view = createHumanLoginView(io, () => NOW)
    await showLinkCode(view)
    const renewed: PinView = { ...linkPin, pinId: 1234567891, code: 'CD9X', qrPayload: 'https://plex.tv/link/?pin=CD9X', renewals: 1 }
    view.waiting(renewed, null)
    view.tick(NOW + 2_000)
    await view.flush()
    const screen = screenOf(out())
    expect(screen.slice(0, 4)).toEqual(['The code expired, so here is a new one.', 'Go to https://plex.tv/link and enter this code:', '', '    CD9X'])
    expect(screen.filter((row) => row.includes('QR code'))).toHaveLength(1)
    expect(screen.join('\n')).not.toContain('AB7Q')
    expect(decodeModules(modulesOf(screen.filter((row) => /^[ ▀▄█]+$/.test(row) && /[▀▄█]/.test(row))))).toBe(renewed.qrPayload)
    expect(screen.at(-1)).toBe('Waiting for approval (the code expires in 14:58; Ctrl-C to cancel)')
  })

  it('to a terminal: the QR code goes once approved, the code stays above the outcome', async () => {
    const { io, out } = capture(true)
    const view = createHumanLoginView(io, () => NOW)
    await showLinkCode(view)
    view.signedIn(account, storage, false)
    await view.flush()
    expect(screenOf(out())).toEqual([
      'Go to https://plex.tv/link and enter this code:',
      '',
      '    AB7Q',
      '',
      'Signed in to Plex as ola.',
      'The token is kept in the Memory (service "plexkey", account "token:u").',
      '',
    ])
  })

  it('to a terminal: the QR code goes when the sign-in is cancelled too', async () => {
    const { io, out } = capture(true)
    const view = createHumanLoginView(io, () => NOW)
    await showLinkCode(view)
    view.signedOut('cancelled')
    await view.flush()
    expect(screenOf(out())).toEqual(['Go to https://plex.tv/link and enter this code:', '', '    AB7Q', '', ''])
  })

  it('to a terminal: rows a narrow terminal wraps are erased too, and no QR code is drawn that it would cut', async () => {
    const { io, out } = capture(true, 30)
    const view = createHumanLoginView(io, () => NOW)
    await showLinkCode(view)
    expect(out()).not.toContain('QR code')
    view.waiting({ ...linkPin, pinId: 1234567891, code: 'CD9X', renewals: 1 }, null)
    await view.flush()
    // 'Go to https://plex.tv/link and enter this code:' takes two rows of 30 columns.
    expect(out()).toContain('\r\x1b[2K\x1b[5F\x1b[J')
  })

  it('--json: never an escape, on a terminal too; the QR payload is plain text', () => {
    const { io, out } = capture(true)
    const view = createJsonLoginView(io)
    view.waiting(linkPin, null)
    view.tick(NOW + 1_000)
    expect(out()).not.toContain('\x1b')
    expect(JSON.parse(out())).toMatchObject({ kind: 'waiting', code: 'AB7Q', qrPayload: 'https://plex.tv/link/?pin=AB7Q' })
  })
})

describe('plexkey login --json account', () => {
  it('leaves out what is not known, as status --json does, rather than print nulls', async () => {
    const { io, out } = capture(false)
    const view = createJsonLoginView(io)
    view.signedIn(account, storage, true)
    await view.flush()
    const line = JSON.parse(out().trim()) as { account: Record<string, unknown> }
    expect(line.account).toEqual({ uuid: 'u', username: 'ola', title: 'Ola' })
  })
})
