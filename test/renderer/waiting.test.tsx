import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { decodeQrPath } from '../support/qr-decode'
import { renderApp } from './render-app'
import { appError, browserPin, linkPin, NOW, waiting } from './state-fixtures'

const codeSection = () => screen.getByRole('region', { name: 'With a code on another device' })
const browserSection = () => screen.getByRole('region', { name: 'With your browser' })
const liveRegion = (name: string) => screen.getByRole('status', { name })

describe('waiting with a code', () => {
  it('spells the code out for screen readers and shows it large for eyes', async () => {
    await renderApp(waiting([linkPin()]))
    const section = codeSection()
    expect(within(section).getByText('Code: A, B, 7, Q')).toBeTruthy()
    const chars = section.querySelectorAll('.pin-char')
    expect(Array.from(chars, (char) => char.textContent).join('')).toBe('AB7Q')
    expect(chars[0]?.closest('[aria-hidden="true"]')).not.toBeNull()
  })

  it('names the address to visit', async () => {
    await renderApp(waiting([linkPin()]))
    expect(within(codeSection()).getByText('plex.tv/link')).toBeTruthy()
  })

  it.each(['https://plex.tv/link?code=AB7Q', 'https://plex.tv/link/?pin=ZZ9Z'])(
    'draws a QR code that reads back as %s, locally, with an accessible name',
    async (qrPayload) => {
      await renderApp(waiting([linkPin({ qrPayload })]))
      const qr = within(codeSection()).getByRole('img', { name: /QR code that opens plex.tv\/link/ })
      // What a phone would read from the drawing itself, one path of dark modules.
      const extent = Number(qr.getAttribute('viewBox')?.split(' ')[2])
      expect(decodeQrPath(qr.querySelector('path')?.getAttribute('d') ?? '', extent)).toBe(qrPayload)
      // No <img> pointing anywhere.
      expect(document.querySelector('img[src^="http"]')).toBeNull()
    },
  )

  it('leaves the QR code out when main sends no payload', async () => {
    await renderApp(waiting([linkPin({ qrPayload: null })]))
    expect(within(codeSection()).queryByRole('img')).toBeNull()
  })

  it('copies the code through main and says so', async () => {
    const { api, user } = await renderApp(waiting([linkPin()]))
    await user.click(within(codeSection()).getByRole('button', { name: 'Copy code' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.copy', request: { what: 'code', mode: 'link' } })
    expect(within(codeSection()).getByText('Code copied.')).toBeTruthy()
  })

  it('puts the anti-phishing reminder right under the code, in one sentence tied to the copy button', async () => {
    await renderApp(waiting([linkPin()]))
    const copy = within(codeSection()).getByRole('button', { name: 'Copy code' })
    const note = document.getElementById(copy.getAttribute('aria-describedby') ?? '')
    expect(note?.textContent).toBe('Never enter a code someone sent you: it would sign them in as you.')
    expect(note?.previousElementSibling?.className).toBe('pin-code')
  })

  it.each([
    ['0OK7', '0 is zero, O is the letter O.'],
    ['K0K7', '0 is zero.'],
    ['KOK7', 'O is the letter O.'],
  ])('says which is zero and which the letter O in %s', async (code, hint) => {
    await renderApp(waiting([linkPin({ code })]))
    expect(codeSection().querySelector('.pin-code-hint')?.textContent).toBe(hint)
  })

  it('says nothing about zero or O when the code has neither', async () => {
    await renderApp(waiting([linkPin()]))
    expect(codeSection().querySelector('.pin-code-hint')).toBeNull()
  })

  it('draws the QR code a whole number of pixels per module, quiet zone included, at 150 to 180 px', async () => {
    await renderApp(waiting([linkPin()]))
    const qr = within(codeSection()).getByRole('img', { name: /QR code/ })
    const modules = Number(qr.getAttribute('viewBox')?.split(' ')[2])
    const pixels = Number(qr.getAttribute('width'))
    expect(Number.isInteger(pixels / modules)).toBe(true)
    expect(pixels).toBeGreaterThanOrEqual(145)
    expect(pixels).toBeLessThanOrEqual(180)
    // The symbol starts 4 modules in: the quiet zone the specification asks for.
    expect(qr.querySelector('path')?.getAttribute('d')).toMatch(/^M4 4h1/)
    expect(within(codeSection()).getByText("Scan with your phone's camera")).toBeTruthy()
  })

  it('opens help about codes', async () => {
    const { api, user } = await renderApp(waiting([linkPin()]))
    await user.click(screen.getByRole('button', { name: 'Help with codes' }))
    expect(api.calls.at(-1)).toEqual({ method: 'app.openHelp', request: { topic: 'link' } })
  })

  it('offers the browser way in one line under a running code', async () => {
    const { api, user } = await renderApp(waiting([linkPin()]))
    expect(screen.queryByRole('region', { name: 'With your browser' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Sign in with your browser instead' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
  })
})

describe('waiting in the browser', () => {
  it('says it waits for approval, and offers the code instead of a link too long to use', async () => {
    const { api, user } = await renderApp(waiting([browserPin()]))
    expect(within(browserSection()).getByText('Waiting for you to approve in your browser…')).toBeTruthy()
    expect(screen.queryByRole('textbox')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Use a code instead' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'link' } })
  })

  it('puts the first Tab into a running sign-in on its own action, not on Cancel', async () => {
    for (const [pin, action] of [
      [browserPin(), 'Open browser again'],
      [linkPin(), 'Copy code'],
    ] as const) {
      const { user, show, unmount } = await renderApp({ kind: 'signed-out' })
      await user.click(screen.getByRole('button', { name: pin.mode === 'browser' ? 'Sign in with Plex' : 'Use a code on your phone or another computer' }))
      await show({ kind: 'starting', modes: [pin.mode] })
      await show(waiting([pin]))
      await user.tab()
      expect(document.activeElement).toBe(screen.getByRole('button', { name: action }))
      unmount()
    }
  })

  it('opens the browser again (a secondary action) and copies the link through main', async () => {
    const { api, user } = await renderApp(waiting([browserPin()]))
    expect(screen.getByRole('button', { name: 'Open browser again' }).className).toContain('button-secondary')
    await user.click(screen.getByRole('button', { name: 'Open browser again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.openBrowser' })
    await user.click(screen.getByRole('button', { name: 'Copy link' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.copy', request: { what: 'url', mode: 'browser' } })
    expect(within(browserSection()).getByText('Link copied.')).toBeTruthy()
  })

  it('never shows the 25-character browser code itself', async () => {
    await renderApp(waiting([browserPin()]))
    expect(screen.queryByText(browserPin().code)).toBeNull()
  })
})

describe('both ways at once', () => {
  it('shows one way and one countdown at a time, switches on request, and cancels both with one button', async () => {
    const { api, user } = await renderApp(waiting([browserPin(), linkPin()]))
    expect(screen.getByRole('button', { name: 'Open browser again' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Copy code' })).toBeNull()
    expect(document.querySelectorAll('.countdown')).toHaveLength(1)
    await user.click(screen.getByRole('button', { name: 'Show the code instead' }))
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Open browser again' })).toBeNull()
    expect(document.querySelectorAll('.countdown')).toHaveLength(1)
    expect(api.callNames()).not.toContain('auth.start')
    await user.click(screen.getByRole('button', { name: 'Cancel sign-in' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.cancel' })
  })
})

describe('countdown', () => {
  it('counts down each second from expiresAt, computed locally', async () => {
    const { api, advance } = await renderApp(waiting([linkPin({ expiresAt: NOW + 125_000 })]))
    const section = codeSection()
    expect(within(section).getByText('2:05')).toBeTruthy()
    expect(within(section).getByText('Expires in 2 minutes 5 seconds')).toBeTruthy()
    await advance(1000)
    expect(within(section).getByText('2:04')).toBeTruthy()
    await advance(64_000)
    expect(within(section).getByText('1:00')).toBeTruthy()
    // Nothing was asked of main to tick: only what the window asks once, as it opens.
    expect(api.callNames()).toEqual(['auth.onStateChanged', 'auth.getState', 'identities.onChanged', 'identities.get', 'profiles.onPinWanted'])
  })

  it('rounds down: a 30-minute link reads 30:00, never 30:01', async () => {
    await renderApp(waiting([browserPin({ expiresAt: NOW + 30 * 60_000 + 500 })]))
    expect(within(browserSection()).getByText('30:00')).toBeTruthy()
  })

  it('announces time left at the start, then at 5 minutes, 1 minute and 10 seconds only', async () => {
    const { advance } = await renderApp(waiting([linkPin({ expiresAt: NOW + 400_000 })]))
    const region = liveRegion('Time left')
    const heard: string[] = []
    const listen = () => {
      const text = region.textContent ?? ''
      if (heard.at(-1) !== text) heard.push(text)
    }
    listen()
    for (let second = 0; second < 400; second += 1) {
      await advance(1000)
      listen()
    }
    expect(heard).toEqual([
      '6 minutes left on this code.',
      '5 minutes left on this code.',
      '1 minute left on this code.',
      'Less than 10 seconds left on this code.',
      'The code expired. Plexkey is getting a fresh one.',
    ])
  })

  it('announces the time of the way on screen, worded for it', async () => {
    const { user } = await renderApp(waiting([browserPin({ expiresAt: NOW + 30 * 60_000 }), linkPin({ expiresAt: NOW + 4 * 60_000 })]))
    expect(liveRegion('Time left').textContent).toBe('30 minutes left on this link.')
    await user.click(screen.getByRole('button', { name: 'Show the code instead' }))
    expect(liveRegion('Time left').textContent).toBe('5 minutes left on this code.')
  })

  it('says a fresh code is coming once the time is up', async () => {
    await renderApp(waiting([linkPin({ expiresAt: NOW - 1000 })]))
    expect(within(codeSection()).getByText('Getting a fresh code…')).toBeTruthy()
  })
})

describe('renewal', () => {
  it('shows the new code and says the old one no longer works', async () => {
    const { show } = await renderApp(waiting([linkPin()]))
    expect(within(codeSection()).queryByText(/New code/)).toBeNull()

    await show(waiting([linkPin({ pinId: 1002, code: 'ZX4K', renewals: 1, expiresAt: NOW + 15 * 60_000 })]))

    const section = codeSection()
    expect(within(section).getByText('Code: Z, X, 4, K')).toBeTruthy()
    const notice = within(section).getByText(/The old one was about to expire/)
    expect(notice.getAttribute('role')).toBe('status')
    expect(notice.textContent).toContain('New code: Z, X, 4, K.')
  })

  it('tells the browser user to reopen a renewed link', async () => {
    const { show } = await renderApp(waiting([browserPin()]))
    await show(waiting([browserPin({ pinId: 2003, code: 'b'.repeat(25), url: 'https://app.plex.tv/auth#?code=bbb', renewals: 1 })]))
    expect(within(browserSection()).getByText(/Plexkey renewed this link before it expired/).getAttribute('role')).toBe('status')
  })
})

describe('a second way added while the first waits', () => {
  it('takes the screen with its progress once asked for, the code a line away', async () => {
    const { user, show } = await renderApp(waiting([linkPin()]))
    await user.click(screen.getByRole('button', { name: 'Sign in with your browser instead' }))
    await show(waiting([linkPin()], null, { starting: ['browser'] }))
    expect(within(browserSection()).getByText('Opening plex.tv in your browser…')).toBeTruthy()
    expect(screen.queryByRole('region', { name: 'With a code on another device' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Show the code instead' }))
    expect(within(codeSection()).getByText('Code: A, B, 7, Q')).toBeTruthy()
  })

  it('says why it failed in one sentence, the code still a line away, and tries that way again', async () => {
    const failed = [{ mode: 'browser' as const, error: appError('network') }]
    const { api, user, show } = await renderApp(waiting([linkPin()]))
    await user.click(screen.getByRole('button', { name: 'Sign in with your browser instead' }))
    await show(waiting([linkPin()], null, { failed }))
    const sentence = within(browserSection()).getByText(/You seem to be offline/)
    expect(sentence.getAttribute('role')).toBe('status')
    expect(screen.getByRole('button', { name: 'Show the code instead' })).toBeTruthy()
    await user.click(within(browserSection()).getByRole('button', { name: 'Try again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
  })

  it('keeps an expired code in view with a fresh one on offer while the browser way waits', async () => {
    const failed = [{ mode: 'link' as const, error: appError('pin-expired') }]
    const { api, user, show } = await renderApp(waiting([browserPin(), linkPin()], null))
    await user.click(screen.getByRole('button', { name: 'Show the code instead' }))
    await show(waiting([browserPin()], null, { failed }))
    expect(within(codeSection()).getByText(/The code ran out before it was used/)).toBeTruthy()
    await user.click(within(codeSection()).getByRole('button', { name: 'Try again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'link' } })
  })
})

describe('automatic retry', () => {
  it('says plex.tv is busy and when it tries again, ticking down', async () => {
    const retry = { error: appError('rate-limited', { status: 429 }), retryAt: NOW + 12_000 }
    const { advance } = await renderApp(waiting([linkPin()], retry))
    expect(screen.getByText('plex.tv is busy; trying again in 12 s.')).toBeTruthy()
    await advance(2000)
    expect(screen.getByText('plex.tv is busy; trying again in 10 s.')).toBeTruthy()
    // The live region says it once, without the ticking seconds.
    expect(liveRegion('Connection').textContent).toBe('plex.tv is busy; Plexkey will try again shortly.')
  })

  it('tells being offline apart from being rate-limited', async () => {
    const retry = { error: appError('network'), retryAt: NOW + 4000 }
    await renderApp(waiting([linkPin()], retry))
    expect(screen.getByText("Can't reach plex.tv; trying again in 4 s.")).toBeTruthy()
  })

  it('says nothing of a missing code once there is one', async () => {
    const retry = { error: appError('network'), retryAt: NOW + 4000 }
    await renderApp(waiting([linkPin()], retry))
    expect(screen.queryByText(/No sign-in code yet/)).toBeNull()
    expect(liveRegion('Connection').textContent).toBe("Can't reach plex.tv; Plexkey will try again shortly.")
  })

  it('drops the notice once main stops retrying', async () => {
    const retry = { error: appError('network'), retryAt: NOW + 4000 }
    const { show } = await renderApp(waiting([linkPin()], retry))
    await show(waiting([linkPin()]))
    expect(screen.queryByText(/trying again/)).toBeNull()
  })
})
