import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
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

  it('draws a QR code of the payload locally, with an accessible name', async () => {
    await renderApp(waiting([linkPin()]))
    const qr = within(codeSection()).getByRole('img', { name: /QR code that opens plex.tv\/link/ })
    expect(qr.getAttribute('data-payload')).toBe('https://plex.tv/link?code=AB7Q')
    // A real QR symbol: many dark modules, drawn as one path; no <img> pointing anywhere.
    expect((qr.querySelector('path')?.getAttribute('d') ?? '').split('M').length).toBeGreaterThan(100)
    expect(document.querySelector('img[src^="http"]')).toBeNull()
  })

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

  it('ties the anti-phishing reminder to the copy button', async () => {
    await renderApp(waiting([linkPin()]))
    const copy = within(codeSection()).getByRole('button', { name: 'Copy code' })
    const note = document.getElementById(copy.getAttribute('aria-describedby') ?? '')
    expect(note?.textContent).toMatch(/Only enter a code that Plexkey showed you/)
  })

  it('opens help about codes', async () => {
    const { api, user } = await renderApp(waiting([linkPin()]))
    await user.click(screen.getByRole('button', { name: 'Help with codes' }))
    expect(api.calls.at(-1)).toEqual({ method: 'app.openHelp', request: { topic: 'link' } })
  })

  it('offers the browser way alongside a running code', async () => {
    const { api, user } = await renderApp(waiting([linkPin()]))
    await user.click(within(browserSection()).getByRole('button', { name: 'Sign in with your browser' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
  })
})

describe('waiting in the browser', () => {
  it('keeps the link visible and selectable in case no browser opened', async () => {
    await renderApp(waiting([browserPin()]))
    const field = within(browserSection()).getByRole('textbox', { name: 'No browser opened? Use this link:' }) as HTMLInputElement
    expect(field.value).toBe(browserPin().url)
    expect(field.readOnly).toBe(true)
  })

  it('opens the browser again and copies the link through main', async () => {
    const { api, user } = await renderApp(waiting([browserPin()]))
    await user.click(screen.getByRole('button', { name: 'Open browser again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.openBrowser' })
    await user.click(screen.getByRole('button', { name: 'Copy link' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.copy', request: { what: 'url', mode: 'browser' } })
    expect(screen.getByText('Link copied.')).toBeTruthy()
  })

  it('never shows the 25-character browser code itself', async () => {
    await renderApp(waiting([browserPin()]))
    expect(screen.queryByText(browserPin().code)).toBeNull()
  })
})

describe('both ways at once', () => {
  it('shows both PINs and cancels them with one button', async () => {
    const { api, user } = await renderApp(waiting([browserPin(), linkPin()]))
    expect(screen.getByRole('button', { name: 'Open browser again' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Sign in with your browser|Use a code/ })).toBeNull()
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
    // Nothing was asked of main to tick.
    expect(api.callNames()).toEqual(['auth.onStateChanged', 'auth.getState'])
  })

  it('announces time left once a minute and in the last ten seconds, not every second', async () => {
    const { advance } = await renderApp(waiting([linkPin({ expiresAt: NOW + 150_000 })]))
    const region = liveRegion('Time left')
    const heard = new Set<string>()
    const listen = () => heard.add(region.textContent ?? '')
    listen()
    for (let second = 0; second < 150; second += 1) {
      await advance(1000)
      listen()
    }
    expect([...heard]).toEqual([
      '3 minutes left on this code.',
      '2 minutes left on this code.',
      '1 minute left on this code.',
      'Less than 10 seconds left on this code.',
      'The code expired. Plexkey is getting a fresh one.',
    ])
  })

  it('announces the code that runs out first', async () => {
    await renderApp(waiting([browserPin({ expiresAt: NOW + 30 * 60_000 }), linkPin({ expiresAt: NOW + 4 * 60_000 })]))
    expect(liveRegion('Time left').textContent).toBe('4 minutes left on this code.')
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
    expect((within(browserSection()).getByRole('textbox') as HTMLInputElement).value).toBe('https://app.plex.tv/auth#?code=bbb')
  })
})

describe('a second way added while the first waits', () => {
  it('shows its progress while plex.tv makes its PIN', async () => {
    await renderApp(waiting([linkPin()], null, { starting: ['browser'] }))
    expect(within(browserSection()).getByText('Opening plex.tv in your browser…')).toBeTruthy()
    expect(within(browserSection()).queryByRole('button', { name: 'Sign in with your browser' })).toBeNull()
    expect(within(codeSection()).getByText('Code: A, B, 7, Q')).toBeTruthy()
  })

  it('says why it failed in one sentence, beside the code still waiting, and tries that way again', async () => {
    const failed = [{ mode: 'browser' as const, error: appError('network') }]
    const { api, user } = await renderApp(waiting([linkPin()], null, { failed }))
    const sentence = within(browserSection()).getByText(/You seem to be offline/)
    expect(sentence.getAttribute('role')).toBe('status')
    expect(within(codeSection()).getByText('Code: A, B, 7, Q')).toBeTruthy()
    await user.click(within(browserSection()).getByRole('button', { name: 'Try again' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.start', request: { mode: 'browser' } })
  })

  it('offers a fresh code when the code ran out while the browser way waits', async () => {
    const failed = [{ mode: 'link' as const, error: appError('pin-expired') }]
    const { api, user } = await renderApp(waiting([browserPin()], null, { failed }))
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

  it('drops the notice once main stops retrying', async () => {
    const retry = { error: appError('network'), retryAt: NOW + 4000 }
    const { show } = await renderApp(waiting([linkPin()], retry))
    await show(waiting([linkPin()]))
    expect(screen.queryByText(/trying again/)).toBeNull()
  })
})
