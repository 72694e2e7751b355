import { describe, expect, it } from 'vitest'
import type { AccountView, PinView, RetryNotice } from '../../preload/api'
import { createHumanLoginView, createJsonLoginView, type HumanLoginViewOptions, type LoginView } from '../../main/cli/login-view'
import type { CliIo } from '../../main/cli/output'
import { type ScreenSize, screenOf } from '../support/terminal-screen'
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
const renewedPin: PinView = { ...linkPin, pinId: 1234567891, code: 'CD9X', qrPayload: 'https://plex.tv/link/?pin=CD9X', renewals: 1 }

/** A hosted-page address as long as plex.tv's: five rows of an 80-column terminal, ten of a 40-column one. */
const browserPin: PinView = {
  mode: 'browser',
  pinId: 2234567890,
  code: 'q'.repeat(25),
  url: `https://app.plex.tv/auth#?clientID=${'c'.repeat(36)}&code=${'q'.repeat(25)}&context%5Bdevice%5D%5Bproduct%5D=Plexkey${'&x=y'.repeat(60)}`,
  qrPayload: null,
  expiresAt: NOW + 30 * 60_000,
  renewals: 0,
}

/** plex.tv failing a poll: the retry notice the sign-in carries while it waits it out. */
const failing = (retryAt: number): RetryNotice => ({
  error: { code: 'plex-error', message: 'plex.tv answered with an error (HTTP 503: Service Unavailable).', retryable: true, status: 503 },
  retryAt,
})

const account: AccountView = { id: null, uuid: 'u', username: 'ola', title: 'Ola', email: null, avatar: null, hasPlexPass: null }
const storage = { name: 'Memory', service: 'plexkey', account: 'token:u' }
const SIGNED_IN = ['Signed in to Plex as ola.', 'The token is kept in the Memory,', 'service "plexkey", account "token:u".']

/**
 * Both streams of a login as a person sees them: stdout and stderr written to one terminal (or
 * one pipe each), kept apart too, to tell which stream carried what.
 */
function capture(isTTY: boolean, size: ScreenSize = {}) {
  let both = ''
  const streams = { stdout: '', stderr: '' }
  const stream = (name: 'stdout' | 'stderr') => ({
    isTTY,
    ...size,
    write: (text: string) => {
      streams[name] += text
      both += text
      return true
    },
  })
  const io: CliIo = { stdout: stream('stdout'), stderr: stream('stderr') }
  return { io, out: () => streams.stdout, err: () => streams.stderr, raw: () => both, screen: () => screenOf(both, size) }
}

function humanView(io: CliIo, options: HumanLoginViewOptions = {}): LoginView {
  return createHumanLoginView(io, { now: () => NOW, ...options })
}

async function showLinkCode(view: LoginView, pin: PinView = linkPin): Promise<void> {
  view.waiting(pin, null)
  view.tick(NOW + 1_000)
  await view.flush()
}

const isQrRow = (row: string): boolean => /^[ ▀▄█]+$/.test(row) && /[▀▄█]/.test(row)

describe('plexkey login --link output', () => {
  it('to a pipe: the code and the address on stderr, with no terminal escapes and no QR code; stdout keeps the outcome', async () => {
    const { io, out, err } = capture(false)
    const view = humanView(io)
    await showLinkCode(view)
    expect(out()).toBe('')
    expect(err()).not.toContain('\x1b')
    expect(err()).not.toMatch(/[▀▄█]/)
    expect(err()).not.toContain('QR')
    expect(err().split('\n')).toEqual([
      'Enter this code at https://plex.tv/link:',
      '',
      '    AB7Q',
      expect.stringMatching(/^Waiting for approval; the code expires at \d\d:\d\d:\d\d \(in 15:00\)\.$/),
      '',
    ])
    view.signedIn(account, storage, false)
    await view.flush()
    expect(out()).toBe(`${SIGNED_IN.join('\n')}\n`)
  })

  it('to a terminal: a QR code for a phone, the live countdown, and the code in bold', async () => {
    const { io, err, screen } = capture(true)
    await showLinkCode(humanView(io))
    expect(err()).toContain('or scan this QR code with your phone:\n')
    expect(err()).toContain('    \x1b[1mAB7Q\x1b[22m')
    expect(screen().filter(isQrRow).length).toBeGreaterThan(10)
    expect(screen().at(-2)).toBe('Waiting for approval (the code expires in 14:59; Ctrl-C to cancel)')
  })

  it.each([
    ['AB0Q', '    AB0Q   (0 is zero)'],
    ['ABOQ', '    ABOQ   (O is the letter O)'],
    ['O0QQ', '    O0QQ   (0 is zero, O is the letter O)'],
    ['AB7Q', '    AB7Q'],
  ])('says which of 0 and O the code %s holds, as the window does', async (code, row) => {
    for (const isTTY of [true, false]) {
      const { io, screen } = capture(isTTY)
      await showLinkCode(humanView(io), { ...linkPin, code })
      expect(screen()).toContain(row)
    }
  })

  it('to a terminal: the QR code scans back to the PIN link, in rows of half blocks', async () => {
    const { io, screen } = capture(true)
    await showLinkCode(humanView(io))
    expect(decodeModules(modulesOf(screen().filter(isQrRow)))).toBe(linkPin.qrPayload)
  })

  it('to a terminal: a renewed code replaces the old block in place, so one code and one QR code show', async () => {
    const { io, screen } = capture(true)
    const view = humanView(io)
    await showLinkCode(view)
    view.waiting(renewedPin, null)
    view.tick(NOW + 2_000)
    await view.flush()
    const rows = screen()
    expect(rows.slice(0, 4)).toEqual(['The code expired, so here is a new one.', 'Enter this code at https://plex.tv/link:', '', '    CD9X'])
    expect(rows.filter((row) => row.includes('QR code'))).toHaveLength(1)
    expect(rows.join('\n')).not.toContain('AB7Q')
    expect(decodeModules(modulesOf(rows.filter(isQrRow)))).toBe(renewedPin.qrPayload)
    expect(rows.slice(-2)).toEqual(['Waiting for approval (the code expires in 14:58; Ctrl-C to cancel)', ''])
  })

  it('to a terminal: the QR code and the countdown go once approved, the code stays above the outcome', async () => {
    const { io, screen } = capture(true)
    const view = humanView(io)
    await showLinkCode(view)
    view.signedIn(account, storage, false)
    await view.flush()
    expect(screen()).toEqual(['Enter this code at https://plex.tv/link:', '', '    AB7Q', ...SIGNED_IN, ''])
  })

  it('to a terminal: the QR code goes when the sign-in is cancelled too', async () => {
    const { io, screen } = capture(true)
    const view = humanView(io)
    await showLinkCode(view)
    view.signedOut('cancelled')
    await view.flush()
    expect(screen()).toEqual(['Enter this code at https://plex.tv/link:', '', '    AB7Q', ''])
  })

  // A terminal 24 rows high, at 80 columns and at 40: polls fail for a minute (the status line
  // is longest then), the code is renewed meanwhile, then approved. Rebuilt as the terminal shows
  // it, wrapping and scrolling included, nothing may be left behind.
  it.each([80, 40])('at %i columns: polls failing, a renewal, then approval leave no stale row', async (columns) => {
    const size = { columns, rows: 24 }
    const { io, screen } = capture(true, size)
    const view = humanView(io)
    await showLinkCode(view)
    for (let second = 2; second <= 60; second += 1) {
      const at = NOW + second * 1_000
      view.waiting(second === 30 ? renewedPin : second < 30 ? linkPin : renewedPin, failing(at + 4_000 - ((second * 1_000) % 4_000)))
      view.tick(at)
    }
    await view.flush()
    const waiting = screen()
    // The whole block is on the screen, once: nothing scrolled it away and nothing is repeated.
    expect(waiting.slice(0, 4)).toEqual(['The code expired, so here is a new one.', 'Enter this code at https://plex.tv/link:', '', '    CD9X'])
    expect(decodeModules(modulesOf(waiting.filter(isQrRow)))).toBe(renewedPin.qrPayload)
    expect(waiting.filter((row) => row.includes('expires in'))).toHaveLength(1)
    // The live line fits in one row, the countdown whole: a wrapped one left rows behind.
    const status = waiting.at(-2) ?? ''
    expect(status).toMatch(columns === 80 ? /^plex\.tv did not answer; trying again in 0:0\d \(code expires in 14:\d\d\)$/ : /^Retrying in 0:0\d; code expires in 14:\d\d$/)
    expect(waiting).toHaveLength(24)

    view.waiting(renewedPin, null)
    view.signedIn(account, storage, false)
    await view.flush()
    expect(screen()).toEqual(['The code expired, so here is a new one.', 'Enter this code at https://plex.tv/link:', '', '    CD9X', ...SIGNED_IN.flatMap((line) => rowsAt(line, columns)), ''])
  })

  it('on a terminal too short for it, draws no QR code rather than one whose top scrolled away', async () => {
    const { io, screen } = capture(true, { columns: 80, rows: 20 })
    await showLinkCode(humanView(io))
    expect(screen().filter(isQrRow)).toEqual([])
    expect(screen()).toEqual(['Enter this code at https://plex.tv/link:', '', '    AB7Q', 'Waiting for approval (the code expires in 14:59; Ctrl-C to cancel)', ''])
  })

  it('on a terminal narrower than the QR code: no QR code, and every row written is erased with the block', async () => {
    const size = { columns: 30, rows: 24 }
    const { io, err, screen } = capture(true, size)
    const view = humanView(io)
    await showLinkCode(view)
    expect(err()).not.toContain('QR code')
    view.waiting({ ...renewedPin, qrPayload: null }, failing(NOW + 3_000))
    view.tick(NOW + 2_000)
    view.signedOut('cancelled')
    await view.flush()
    // 'Enter this code at https://plex.tv/link:' takes two rows of 30 columns.
    expect(screen()).toEqual(['The code expired, so here is a', 'new one.', 'Enter this code at', 'https://plex.tv/link:', '', '    CD9X', ''])
  })

  it('while the first code cannot be created: one live notice, gone once the code is there', async () => {
    const { io, screen } = capture(true, { columns: 40, rows: 24 })
    const view = humanView(io)
    view.starting(failing(NOW + 2_000))
    view.tick(NOW + 1_000)
    view.starting(failing(NOW + 5_000))
    await view.flush()
    expect(screen()).toEqual(['No sign-in code yet: plex.tv answered', 'with an error (HTTP 503: Service', 'Unavailable). Trying again in 0:05.', ''])
    view.waiting({ ...linkPin, qrPayload: null }, null)
    await view.flush()
    expect(screen()).toEqual(['Enter this code at https://plex.tv/link:', '', '    AB7Q', 'Waiting (the code expires in 15:00)', ''])
  })

  it('text from plex.tv is shown in the live block, never obeyed, and wide or long text is erased whole', async () => {
    const { io, raw, screen } = capture(true, { columns: 40, rows: 24 })
    const view = humanView(io)
    const hostile = (message: string): RetryNotice => ({ ...failing(NOW + 3_000), error: { ...failing(0).error, message } })
    view.starting(hostile(`山田の\u200eサーバー\x1b]0;owned\x07 ${'長い'.repeat(40)} \x1b[2J\u202e`))
    await view.flush()
    expect(screen().join('')).toContain('\\x1b]0;owned\\x07')
    view.waiting({ ...linkPin, code: 'A\x1b[2J', url: 'https://plex.tv/link\u202e' }, null)
    await view.flush()
    // Only the escapes of the view itself: no title, no screen clear, no bidi override.
    expect(raw()).not.toMatch(/\x1b\]|\x1b\[2J|\u202e|\u200e/)
    expect(screen().slice(0, 3)).toEqual(['Enter this code at', 'https://plex.tv/link\\u202e:', ''])
    expect(screen()[3]).toBe('    A\\x1b[2J')
    expect(screen().join('')).not.toContain('山田')
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

/** `line` as a terminal of `columns` wraps it. */
function rowsAt(line: string, columns: number): string[] {
  const rows: string[] = []
  for (let at = 0; at < line.length; at += columns) rows.push(line.slice(at, at + columns))
  return rows
}

describe('plexkey login, the browser way', () => {
  it('with a browser opened: one line says so, with the code way for another device, and no address', async () => {
    const { io, err, screen } = capture(true, { columns: 80, rows: 24 })
    const view = humanView(io, { browserOpens: true })
    view.waiting(browserPin, null)
    view.browser({ kind: 'opened' })
    view.tick(NOW + 1_000)
    await view.flush()
    expect(err()).not.toContain('https://')
    expect(screen()).toEqual([
      'Opened the sign-in page in your browser; or use a code: `plexkey login --link`',
      'Waiting for approval (the code expires in 29:59; Ctrl-C to cancel)',
      '',
    ])
    view.signedIn(account, storage, false)
    await view.flush()
    expect(screen()).toEqual(['Opened the sign-in page in your browser; or use a code: `plexkey login --link`', ...SIGNED_IN, ''])
  })

  it('with a browser that could not open: the address, whole, with the code way beside it', async () => {
    const { io, raw } = capture(false)
    const view = humanView(io, { browserOpens: true })
    view.waiting(browserPin, null)
    view.browser({ kind: 'failed', why: 'xdg-open: spawn xdg-open ENOENT' })
    await view.flush()
    expect(raw().split('\n').slice(1, 4)).toEqual([
      'The browser could not be opened (xdg-open: spawn xdg-open ENOENT): open this page yourself, or use a code: `plexkey login --link`.',
      'Sign in to Plex on this page:',
      `  ${browserPin.url}`,
    ])
  })

  it('with no browser to open, the code way was taken instead: one line says why', async () => {
    const { io, err } = capture(false)
    const view = humanView(io)
    view.browser({ kind: 'skipped', why: 'this is an SSH session' })
    view.waiting(linkPin, null)
    await view.flush()
    expect(err().split('\n').slice(0, 2)).toEqual(['No browser here (this is an SSH session), so here is a code for another device.', 'Enter this code at https://plex.tv/link:'])
  })

  // The address is written whole, so that the terminal wraps it softly and it stays one link; a
  // renewed code replaces it, every row it wrapped to included.
  it.each([80, 40])('--no-browser at %i columns: a renewed code erases the old address, wrapped rows and all', async (columns) => {
    const size = { columns, rows: 24 }
    const { io, raw, screen } = capture(true, size)
    const view = humanView(io)
    await showLinkCode(view, browserPin)
    for (let second = 2; second <= 12; second += 1) {
      view.waiting(browserPin, failing(NOW + 14_000))
      view.tick(NOW + second * 1_000)
    }
    const renewed: PinView = { ...browserPin, pinId: 2234567891, code: 'r'.repeat(25), url: browserPin.url.replaceAll('q', 'r'), renewals: 1 }
    view.waiting(renewed, null)
    view.tick(NOW + 13_000)
    await view.flush()
    // Written whole: never broken by a line feed of ours.
    expect(raw()).toContain(`  ${renewed.url}\n`)
    const rows = screen()
    expect(rows.join('')).not.toContain('qqqq')
    expect(rows.slice(0, 2)).toEqual(['The code expired, so here is a new one.', 'Sign in to Plex on this page:'])
    expect(rows.slice(2, -2).join('')).toBe(`  ${renewed.url}`)
    expect(rows.at(-2)).toMatch(/^Waiting (for approval )?\(the code expires in 29:47(; Ctrl-C to cancel)?\)$/)
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
