import { clipboard } from 'electron'
import { describe, expect, it } from 'vitest'
import { plexWebUrl } from '../../main/app/server-actions'
import { safeLabel } from '../../main/core/servers/server-text'
import { chromiumApps } from './app-harness'
import { captureClean, expectClean, signInWithCode } from './app-steps'

const apps = chromiumApps()

describe('the Servers section in real Chromium', () => {
  it('shows each server’s state, copies a proven address, opens Plex Web, and never shows a token', async () => {
    const app = await apps.start()
    const { page, fake } = app
    await signInWithCode(app)

    const section = page.getByRole('region', { name: 'Servers' })
    const rows = section.getByRole('listitem')
    await expect.poll(() => rows.count()).toBe(fake.mediaServers.length)
    const row = (name: string) => section.locator(`li[data-server-id="${fake.mediaServer(name).clientIdentifier}"]`)
    const stateOf = async (name: string) => (await row(name).locator('.server-state').textContent()) ?? ''

    expect(await stateOf('Basement')).toMatch(/^Online via local network, \d+ ms$/)
    expect(await stateOf('Cabin')).toMatch(/^Online via internet, \d+ ms$/)
    expect(await stateOf('Lookalike')).toMatch(/^Online via internet, \d+ ms$/)
    expect(await stateOf('cabin')).toMatch(/^Online via Plex relay, \d+ ms$/)
    expect(await stateOf('Attic')).toBe('Offline')
    expect(await stateOf('Garage')).toBe('Unreachable from this computer')
    expect(await row('cabin').locator('.server-owner').textContent()).toBe('Shared with you')

    // The hostile name is shown as text, isolated, without its control characters, bounded.
    const hostile = fake.mediaServers[6]
    const hostileName = await row(hostile?.name ?? '').locator('bdi.server-name').textContent()
    expect(hostileName).toBe(safeLabel(hostile?.name ?? ''))
    expect(hostileName).toMatch(/^\]0;pwned Ünïcödé 山田の revres \[2Jx+…$/)
    expect(await row('Attic').getByRole('button', { name: 'Copy address' }).count()).toBe(0)

    await row('Basement').getByRole('button', { name: 'Copy address' }).click()
    await row('Basement').getByRole('status').filter({ hasText: 'Address copied' }).waitFor()
    expect(clipboard.readText()).toBe(fake.mediaServer('Basement').connections[0]?.uri)

    await row('Lookalike').getByRole('button', { name: 'Open in Plex Web' }).click()
    await expect.poll(() => app.opened.at(-1)).toBe(plexWebUrl(fake.mediaServer('Lookalike').clientIdentifier))
    expect(app.opened.at(-1)).toBe(`https://app.plex.tv/desktop/#!/media/${fake.mediaServer('Lookalike').clientIdentifier}/com.plexapp.plugins.library`)

    // Refresh probes again; still no token went to any address, and none reached the page.
    fake.clearMediaRequests()
    await section.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => fake.mediaRequests().length).toBeGreaterThan(0)
    await expect.poll(() => section.getAttribute('aria-busy')).toBeNull()
    expect(fake.mediaRequests().filter((r) => r.token !== null)).toEqual([])
    await captureClean(app, 'signed-in-servers')
    await expectClean(app)
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
