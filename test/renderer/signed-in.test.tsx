import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './render-app'
import { account, appError, NOW, signedIn } from './state-fixtures'

/** The Plex Pass badge in the account card, or null. */
const plexPass = () => document.querySelector('.account .badge')?.textContent ?? null
/** The health row: the status in words, then when it was last checked ("Check now" left out). */
const healthRow = () => `${document.querySelector('.health-text')?.textContent ?? ''}${document.querySelector('.health-checked')?.textContent ?? ''}`

/** Opens the account menu and chooses "Sign out…". */
async function chooseSignOut(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await user.click(screen.getByRole('button', { name: 'Account' }))
  await user.click(screen.getByRole('menuitem', { name: 'Sign out…' }))
}

describe('signed in', () => {
  it('shows the account in one card: name, username, email and Plex Pass', async () => {
    await renderApp(signedIn())
    expect(screen.getByRole('heading', { level: 1, name: 'Signed in to Plex' })).toBeTruthy()
    const card = document.querySelector('.account') as HTMLElement
    expect(within(card).getByText('Jane Doe')).toBeTruthy()
    expect(within(card).getByText('jdoe')).toBeTruthy()
    expect(within(card).getByText('jane@example.com')).toBeTruthy()
    expect(plexPass()).toBe('Plex Pass')
  })

  it('says when there is no Plex Pass', async () => {
    await renderApp(signedIn({ account: account({ hasPlexPass: false }) }))
    expect(plexPass()).toBe('No Plex Pass')
  })

  it('says nothing of Plex Pass and leaves the email out when main could only read the keychain entry', async () => {
    await renderApp(signedIn({ health: 'unreachable', account: account({ id: null, email: null, hasPlexPass: null }) }))
    expect(plexPass()).toBeNull()
    expect(document.querySelector('.account-email')).toBeNull()
  })

  it('shows names from plex.tv on one line each, whole in a tooltip, their characters in the order sent', async () => {
    const title = 'Zoë \u202Eeitsinrab\u202C Ångström-Þórðardóttir of the Very Long Display Name\u2067'
    await renderApp(signedIn({ account: account({ title, username: 'j\u200Fdoe\u2066' }) }))
    const names = Array.from(document.querySelectorAll('.account bdi.name'), (el) => [el.textContent, el.getAttribute('title')])
    expect(names).toEqual([
      ['Zoë eitsinrab Ångström-Þórðardóttir of the Very Long Display Name', 'Zoë eitsinrab Ångström-Þórðardóttir of the Very Long Display Name'],
      ['jdoe', 'jdoe'],
      ['jane@example.com', 'jane@example.com'],
    ])
    // And as screen readers hear the state: no control left in the name either.
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe(
      'Signed in to Plex as Zoë eitsinrab Ångström-Þórðardóttir of the Very Long Display Name.',
    )
  })

  it('says where the token is kept, in words for people, folded away', async () => {
    await renderApp(signedIn())
    const details = screen.getByText('Where your sign-in is kept').closest('details')
    expect(details?.open).toBe(false)
    expect(details?.textContent).toContain('In your system keychain: GNOME Keyring (Secret Service).')
    expect(details?.textContent).toContain('Listed there as “plexkey”, account “jdoe”.')
  })

  it('keeps "sign-in" and "plex.tv" whole when the status wraps', async () => {
    await renderApp(signedIn())
    const unbroken = Array.from(document.querySelectorAll('.health .nowrap'), (part) => part.textContent)
    expect(unbroken).toEqual(['plex.tv', 'sign-in'])
  })

  it('draws the avatar main fetched, as a data URL', async () => {
    const avatar = 'data:image/png;base64,iVBORw0KGgo='
    await renderApp(signedIn({ account: account({ avatar }) }))
    const img = document.querySelector('img.avatar')
    expect(img?.getAttribute('src')).toBe(avatar)
  })

  it('falls back to initials without an avatar, and refuses a non-image URL', async () => {
    await renderApp(signedIn({ account: account({ avatar: 'https://plex.tv/users/42/avatar' }) }))
    expect(document.querySelector('img')).toBeNull()
    expect(document.querySelector('.avatar-initials')?.textContent).toBe('JD')
  })

  it.each([
    ['ok', 'plex.tv accepts your sign-in.', 'Last checked 3 minutes ago.', 'Signed in to Plex as Jane Doe.'],
    ['unreachable', "Can't reach plex.tv right now. You're still signed in.", 'Tried 3 minutes ago.', "Signed in to Plex as Jane Doe. Can't reach plex.tv right now. You're still signed in."],
    // The time stays while checking: the row keeps its height and nothing jumps.
    ['checking', 'Checking with plex.tv…', 'Last checked 3 minutes ago.', 'Signed in to Plex as Jane Doe. Checking with plex.tv…'],
  ] as const)('shows health %s in words, not colour alone, and says it through the one status region', async (health, text, checked, said) => {
    await renderApp(signedIn({ health }))
    expect(healthRow()).toBe(text + checked)
    expect(document.querySelector('.health-text')?.textContent).toBe(text)
    expect(screen.getByRole('status', { name: 'Sign-in status' }).textContent).toBe(said)
  })

  it('has one polite and one assertive live region, whatever the servers and buttons say', async () => {
    const { user } = await renderApp(signedIn(), 1, (api) => {
      api.serversValue = { checkedAt: 0, servers: [{ name: 'Basement', clientIdentifier: 'b45e', owned: true, state: { kind: 'online', via: 'local', url: 'https://192-168-1-20.b45e.plex.direct:32400', rttMs: 4, encrypted: true } }] }
    })
    await screen.findByText('Basement')
    await user.click(screen.getByRole('button', { name: 'Check now' }))
    const live = Array.from(document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]'), (el) => el.getAttribute('aria-live'))
    expect(live).toEqual(['polite', 'assertive'])
  })

  it('shows checking with a neutral spinner, not the amber of an unreachable plex.tv', async () => {
    await renderApp(signedIn({ health: 'checking' }))
    expect(document.querySelector('.health')?.className).toBe('health health-checking')
    const css = await import('node:fs').then((fs) => fs.readFileSync('renderer/src/styles/components.css', 'utf8'))
    const rule = /\.health-checking \.health-dot \{([^}]*)\}/.exec(css)?.[1] ?? ''
    expect(rule).toContain('animation: spin')
    expect(rule).not.toContain('--pending')
  })

  it('checks now through main', async () => {
    const { api, user } = await renderApp(signedIn())
    await user.click(screen.getByRole('button', { name: 'Check now' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.checkNow' })
  })

  it('keeps the last time plex.tv accepted the sign-in once it cannot be reached, and says when it is asked again', async () => {
    const { show, advance } = await renderApp(signedIn({ health: 'ok', checkedAt: NOW - 20 * 60_000 }))
    await show(signedIn({ health: 'checking', checkedAt: NOW - 20 * 60_000 }))
    await show(signedIn({ health: 'unreachable', checkedAt: NOW - 60_000, nextCheckAt: NOW + 4 * 60_000 }))
    expect(healthRow()).toMatch(/Last accepted 20 minutes ago; next try in 4 minutes\.$/)
    await advance(3 * 60_000 + 30_000)
    expect(healthRow()).toMatch(/; next try in under a minute\.$/)
  })

  it('restored while plex.tv cannot be reached: the failed try, and the next one', async () => {
    await renderApp(signedIn({ health: 'unreachable', checkedAt: NOW - 60_000, nextCheckAt: NOW + 90 * 60_000 }))
    const at = new Date(NOW + 90 * 60_000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    expect(healthRow()).toMatch(new RegExp(`Tried 1 minute ago; next try at ${at}\\.$`))
  })

  it('unreachable with no retry planned says only when it last tried', async () => {
    await renderApp(signedIn({ health: 'unreachable', checkedAt: NOW - 60_000, nextCheckAt: null }))
    expect(healthRow()).toMatch(/Tried 1 minute ago\.$/)
  })

  it('follows health changes as main sends them', async () => {
    const { show } = await renderApp(signedIn({ health: 'ok' }))
    await show(signedIn({ health: 'checking' }))
    expect(healthRow()).toMatch(/^Checking with plex.tv…/)
    await show(signedIn({ health: 'unreachable' }))
    expect(healthRow()).toMatch(/^Can't reach plex.tv/)
  })
})

describe('sign out', () => {
  it('asks first, in a modal dialog that starts on the safe choice', async () => {
    const { api, user } = await renderApp(signedIn())
    await chooseSignOut(user)
    const dialog = screen.getByRole('dialog', { name: 'Sign out of Plex?' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(within(dialog).getByText(/remove the token from GNOME Keyring/)).toBeTruthy()
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(api.callNames()).not.toContain('auth.signOut')
  })

  it('signs out on confirm', async () => {
    const { api, user } = await renderApp(signedIn())
    await chooseSignOut(user)
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(api.calls.at(-1)).toEqual({ method: 'auth.signOut' })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('keeps Tab inside the dialog and marks the page behind it inert', async () => {
    const { user } = await renderApp(signedIn())
    await chooseSignOut(user)
    const dialog = screen.getByRole('dialog')
    const [cancel, confirm] = within(dialog).getAllByRole('button')
    await user.tab()
    expect(document.activeElement).toBe(confirm)
    await user.tab()
    expect(document.activeElement).toBe(cancel)
    await user.tab({ shift: true })
    expect(document.activeElement).toBe(confirm)
    expect(screen.getByRole('heading', { level: 1, hidden: true }).closest('section')?.hasAttribute('inert')).toBe(true)
  })

  it('opens from the account menu by keyboard alone, closes on Escape without signing out, and gives focus back to the menu button', async () => {
    const { api, user } = await renderApp(signedIn())
    const opener = screen.getByRole('button', { name: 'Account' })
    expect(opener.getAttribute('aria-haspopup')).toBe('menu')
    opener.focus()
    await user.keyboard('{Enter}')
    expect(opener.getAttribute('aria-expanded')).toBe('true')
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Sign out…' }))
    await user.keyboard('{Enter}')
    expect(screen.getByRole('dialog')).toBeTruthy()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
    expect(api.callNames()).not.toContain('auth.signOut')
  })

  it('gives focus back after Cancel too', async () => {
    const { user } = await renderApp(signedIn())
    const opener = screen.getByRole('button', { name: 'Account' })
    await chooseSignOut(user)
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(document.activeElement).toBe(opener)
  })

  it('says so when signing out fails', async () => {
    const { api, user } = await renderApp(signedIn())
    api.failNext('auth.signOut', appError('keychain'))
    await chooseSignOut(user)
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(document.querySelector('main .notice')?.textContent).toBe('main says: keychain')
    expect(document.querySelector('[aria-live="assertive"]')?.textContent).toBe('main says: keychain')
  })

  it('moves focus to the sign-in heading once main reports signed out', async () => {
    const { user, show } = await renderApp(signedIn())
    await chooseSignOut(user)
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    await show({ kind: 'signed-out', reason: 'signed-out' })
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Sign in to Plex' }))
  })
})
