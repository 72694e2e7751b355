import { clipboard } from 'electron'
import { describe, expect, it } from 'vitest'
import { plexWebUrl } from '../../main/app/server-actions'
import type { FakeServerSpec } from '../fake-plex/media-servers'
import { safeLabel } from '../../main/core/servers/server-text'
import { chromiumApps } from './app-harness'
import { captureClean, expectClean, signInWithCode, status, textLeft } from './app-steps'

const apps = chromiumApps()

/** An account as many have it: five servers, one with a name longer than any row. */
const fiveServers: readonly FakeServerSpec[] = [
  { name: 'Basement', owned: true, presence: true, connections: [{ kind: 'live', local: true }] },
  { name: 'Cabin', owned: true, presence: true, connections: [{ kind: 'live', local: false }] },
  { name: 'Mum and Dad’s living room Plex Media Server in Ålesund', owned: false, presence: true, connections: [{ kind: 'live', local: false, relay: true }] },
  { name: 'Attic', owned: true, presence: false, connections: [{ kind: 'refused', local: true }] },
  { name: 'Garage', owned: true, presence: true, connections: [{ kind: 'refused', local: true }] },
]

describe('the Servers section in real Chromium', () => {
  it('shows each server’s state, copies a proven address, opens Plex Web, and never shows a token', async () => {
    const app = await apps.start()
    const { page, fake } = app
    await signInWithCode(app)

    const section = page.getByRole('region', { name: 'Servers' })
    const rows = section.getByRole('listitem')
    // Five rows on the first screen; the other two fold behind one button that counts them.
    await expect.poll(() => rows.count()).toBe(5)
    await section.getByRole('button', { name: 'Show 2 more servers' }).click()
    await expect.poll(() => rows.count()).toBe(fake.mediaServers.length)
    // A link-like button's words line up with the text column, as a link's would.
    expect(await textLeft(section.getByRole('button', { name: 'Show fewer servers' }))).toBe(await textLeft(section.getByRole('heading', { name: 'Servers' })))
    const row = (name: string) => section.locator(`li[data-server-id="${fake.mediaServer(name).clientIdentifier}"]`)
    const stateOf = async (name: string) => (await row(name).locator('.server-state [aria-hidden]').textContent()) ?? ''

    expect(await stateOf('Basement')).toMatch(/^local · \d+ ms$/)
    expect(await stateOf('Cabin')).toMatch(/^remote · \d+ ms$/)
    expect(await stateOf('Lookalike')).toMatch(/^remote · \d+ ms$/)
    expect(await stateOf('cabin')).toMatch(/^relay · \d+ ms$/)
    expect(await stateOf('Attic')).toBe('offline')
    expect(await stateOf('Garage')).toBe('unreachable')
    expect(await row('cabin').locator('.badge').textContent()).toBe('Shared')

    // The hostile name is shown as text, isolated, without its control characters, bounded.
    const hostile = fake.mediaServers[6]
    const hostileName = await row(hostile?.name ?? '').locator('bdi.server-name').textContent()
    expect(hostileName).toBe(safeLabel(hostile?.name ?? ''))
    expect(hostileName).toMatch(/^\]0;pwned Ünïcödé 山田の revres \[2Jx+…$/)
    const menuOf = (name: string) => row(name).getByRole('button', { name: `Actions for ${name}` })
    await menuOf('Attic').click()
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['Open in Plex Web'])
    await page.keyboard.press('Escape')

    await menuOf('Basement').click()
    await page.getByRole('menuitem', { name: 'Copy address of Basement' }).click()
    await row('Basement').getByText('Address copied.').waitFor()
    await status(page, 'Address copied.').waitFor()
    expect(clipboard.readText()).toBe(fake.mediaServer('Basement').connections[0]?.uri)

    await menuOf('Lookalike').click()
    await page.getByRole('menuitem', { name: 'Open in Plex Web: Lookalike' }).click()
    await expect.poll(() => app.opened.at(-1)).toBe(plexWebUrl(fake.mediaServer('Lookalike').clientIdentifier))
    expect(app.opened.at(-1)).toBe(`https://app.plex.tv/desktop/#!/media/${fake.mediaServer('Lookalike').clientIdentifier}/com.plexapp.plugins.library`)

    // Refresh probes again; still no token went to any address, and none reached the page.
    fake.clearMediaRequests()
    await section.getByRole('button', { name: 'Refresh servers' }).click()
    await expect.poll(() => fake.mediaRequests().length).toBeGreaterThan(0)
    await expect.poll(() => section.getAttribute('aria-busy')).toBeNull()
    expect(fake.mediaRequests().filter((r) => r.token !== null)).toEqual([])
    await captureClean(app, 'signed-in-servers')
    await expectClean(app)
  })

  it('fits the window with five servers: the account, its status and every server above the fold', async () => {
    const app = await apps.start({ fake: { servers: fiveServers } })
    await signInWithCode(app)
    const rows = app.page.getByRole('region', { name: /^Servers/ }).getByRole('listitem')
    await expect.poll(() => rows.count()).toBe(5)
    await expect.poll(() => app.page.getByRole('region', { name: /^Servers/ }).getAttribute('aria-busy')).toBeNull()
    // The first screen as the window opens: every row ends inside it.
    const bottoms = await rows.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().bottom))
    expect(bottoms.every((bottom) => bottom <= 680), `row bottoms ${bottoms.join(', ')} of 680 px`).toBe(true)
    await captureClean(app, 'signed-in-five-servers')
  })

  it('refuses to copy or open a server main does not know, whatever the page asks', async () => {
    const app = await apps.start()
    await signInWithCode(app)
    await expect.poll(() => app.page.getByRole('region', { name: 'Servers' }).getByRole('listitem').count()).toBeGreaterThan(0)
    const answer = (channel: string, body: unknown) =>
      app.page.evaluate<{ ok: boolean; error?: { code: string } }>(
        `fetch('/__plexkey/invoke/${channel}', { method: 'POST', body: ${JSON.stringify(JSON.stringify(body))} }).then((r) => r.json())`,
      )
    expect(await answer('servers:open-web', [{ clientIdentifier: 'not-a-server' }])).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
    expect(await answer('servers:copy-address', [{ clientIdentifier: app.fake.mediaServer('Attic').clientIdentifier }])).toMatchObject({
      ok: false,
      error: { code: 'invalid-state' },
    })
    expect(await answer('servers:open-web', [{ clientIdentifier: 'javascript:alert(1)' }])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(app.opened).toEqual([])
  })
})
