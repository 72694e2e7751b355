import { describe, expect, it } from 'vitest'
import type { PinView } from '../../preload/api'
import { createHumanLoginView, createJsonLoginView } from '../../main/cli/login-view'
import type { CliIo } from '../../main/cli/output'

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

function capture(isTTY: boolean): { io: CliIo; out: () => string } {
  let out = ''
  const stream = { isTTY, write: (text: string) => (out += text) }
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
    const storage = { name: 'Memory', service: 'plexkey', account: 'token:u' }
    view.signedIn({ id: null, uuid: 'u', username: 'ola', title: 'Ola', email: null, avatar: null, hasPlexPass: null }, storage, true)
    await view.flush()
    const line = JSON.parse(out().trim()) as { account: Record<string, unknown> }
    expect(line.account).toEqual({ uuid: 'u', username: 'ola', title: 'Ola' })
  })
})
