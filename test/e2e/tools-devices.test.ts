import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createToolStore, type ToolRecord } from '../../main/core/tools/tool-store'
import { clientHeaders, rawHttp } from '../fake-plex/test-http'
import { mintTool as mintToolIn } from '../support/mint-tool'
import { unwrap } from '../support/result-parts'
import { type AppHarness, chromiumApps } from './app-harness'
import { captureClean, expectClean, signInWithCode, status } from './app-steps'

// The Tools and "Where you're signed in" sections in real Chromium, answered by main's own handlers:
// the lists come from the fake plex.tv through the real plex.tv client (which drops every device's
// token where it parses the list), the tools from the keychain main keeps them in.

const apps = chromiumApps()
const DAY = 24 * 3600 * 1000
/** A device name as hostile as another program could make it: an escape, bidi, markup, non-ASCII and length. */
const HOSTILE = `\u001b]0;pwned <img src=x onerror=alert(1)> Ünïcödé 山田 \u202egnp.exe\u202c ${'z'.repeat(300)}`

/** How far the fake plex.tv's clock runs from the wall clock: a device signed in meanwhile was last seen then. */
let fakeOffsetMs = 0
function start(): Promise<AppHarness> {
  fakeOffsetMs = 0
  return apps.start({ fake: { now: () => Date.now() + fakeOffsetMs } })
}

interface Device {
  readonly token: string
  readonly clientId: string
}

/** A PIN made by another program, naming itself over the query (which carries any character). */
async function pinAs(app: AppHarness, clientId: string, name: string, product: string, platform: string): Promise<{ id: number; code: string }> {
  const query = new URLSearchParams({ strong: 'false', 'X-Plex-Client-Identifier': clientId, 'X-Plex-Device-Name': name, 'X-Plex-Product': product, 'X-Plex-Platform': platform })
  const created = await rawHttp(app.fake, `/api/v2/pins?${query.toString()}`, { method: 'POST', headers: { Accept: 'application/json' } })
  expect(created.status).toBe(201)
  return JSON.parse(created.text) as { id: number; code: string }
}

/** The account signed in on another device, approved by its owner. */
async function signInElsewhere(app: AppHarness, name: string, product: string, platform: string): Promise<Device> {
  const clientId = randomUUID()
  const pin = await pinAs(app, clientId, name, product, platform)
  return { token: app.fake.approve(pin.id), clientId }
}

/** A tool's own device, minted as `plexkey exec --as` mints it: the window learns of it from the keychain. */
async function mintTool(app: AppHarness, name: string): Promise<Device> {
  const device = await mintToolIn(app.core, app.vault, name)
  expect(device.minted).toBe(true)
  return { token: device.token, clientId: device.clientIdentifier }
}

/** The tools the keychain holds for the signed-in account. */
async function keptTools(app: AppHarness): Promise<readonly ToolRecord[]> {
  const active = unwrap(await app.vault.loadActive())
  if (active === null) throw new Error('nobody is signed in')
  return unwrap(await createToolStore(app.vault, active.accountKey).list())
}

const idOf = (app: AppHarness, device: Device): number => {
  const found = app.fake.devices().find((each) => each.clientIdentifier === device.clientId)
  if (!found) throw new Error('the fake lists no such device')
  return found.id
}
const userStatus = async (app: AppHarness, token: string): Promise<number> =>
  (await rawHttp(app.fake, '/api/v2/user', { headers: clientHeaders(randomUUID(), token) })).status
/** The accessible name of whatever has focus in the window. */
const focused = (app: AppHarness): Promise<string> =>
  app.page.evaluate<string>("(document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || '').trim()")
/** Plays the window being shown again (from the tray, or restored from the taskbar). */
const shownAgain = (app: AppHarness): Promise<void> => app.page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")

describe('where the account is signed in, in real Chromium', () => {
  it('marks this desktop and the tools, flags the stale, contains a hostile name, and removes a device once confirmed', async () => {
    const app = await start()
    const { page } = app
    fakeOffsetMs = -100 * DAY
    const laptop = await signInElsewhere(app, 'Old laptop', 'Plex Web', 'Firefox')
    fakeOffsetMs = 0
    const tv = await signInElsewhere(app, 'Living Room TV', 'Plex for Android (TV)', 'Android')
    const hostile = await signInElsewhere(app, HOSTILE, 'Plex for Android (TV)', `Android${'_'.repeat(70)}`)
    const desktopToken = await signInWithCode(app)
    const kometa = await mintTool(app, 'kometa')
    // Minted after the window asked: it shows once the window is shown again.
    await shownAgain(app)

    const section = page.getByRole('region', { name: 'Where you’re signed in' })
    const toggle = section.getByRole('button', { name: 'Where you’re signed in' })
    const count = app.fake.devices().length
    await expect.poll(() => section.locator('.count').textContent()).toBe(`${count} devices`)
    expect(await section.locator('.disclosure-heading .badge-stale').textContent()).toBe('1 stale')
    // Folded under its heading: the account and the servers keep the first screen.
    expect(await section.getByRole('listitem').count()).toBe(0)
    await toggle.click()
    await section.getByRole('button', { name: `Show ${count - 5} more devices` }).click()
    await expect.poll(() => section.getByRole('listitem').count()).toBe(count)

    const row = (id: number) => section.locator(`li[data-device-id="${id}"]`)
    const desktop = row(app.fake.devices().find((each) => each.clientIdentifier !== tv.clientId && each.tokens.includes(desktopToken))?.id ?? 0)
    expect(await desktop.locator('.listing-marks').textContent()).toBe('This desktop')
    expect(await desktop.getByRole('button').count()).toBe(0)
    expect(await desktop.textContent()).toContain('To remove it, sign out from the account menu above.')
    expect(await row(idOf(app, kometa)).locator('.listing-marks').textContent()).toBe('Tool: kometa')
    expect(await row(idOf(app, laptop)).locator('.listing-marks').textContent()).toBe('Stale')
    expect(await row(idOf(app, laptop)).locator('.listing-meta').textContent()).toMatch(/^Plex Web · Firefox · last seen on /)
    expect(await row(idOf(app, tv)).locator('.listing-meta').textContent()).toBe('Plex for Android (TV) · Android · last seen just now')
    // The hostile name is text, on one line cut with "…", whole in its tooltip, without its bidi controls.
    const shown = HOSTILE.replace(/[\u202a-\u202e]/g, '')
    const hostileName = row(idOf(app, hostile)).locator('bdi.device-name')
    expect(await hostileName.textContent()).toBe(shown)
    expect(await hostileName.getAttribute('title')).toBe(shown)
    expect(await section.locator('img').count()).toBe(0)
    const box = await hostileName.boundingBox()
    expect(box !== null && box.height < 30, `the name is ${JSON.stringify(box)}`).toBe(true)
    await captureClean(app, 'signed-in-devices')

    const remove = section.getByRole('button', { name: 'Remove Living Room TV' })
    await remove.click()
    const dialog = page.getByRole('dialog', { name: 'Remove this device?' })
    expect(await dialog.locator('.dialog-subject').textContent()).toBe('Living Room TV')
    await captureClean(app, 'signed-in-remove-device')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await focused(app)).toBe('Remove Living Room TV')
    expect(app.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([])

    await remove.click()
    await dialog.getByRole('button', { name: 'Remove' }).click()
    const outcome = '“Living Room TV” is removed from your account: its token no longer works.'
    await section.getByText(outcome).waitFor()
    await status(page, outcome).waitFor()
    expect(await userStatus(app, tv.token)).toBe(401)
    // Asked again: the row is gone, and focus came back to the section rather than the top of the page.
    await expect.poll(() => row(idOf(app, laptop)).count()).toBe(1)
    await expect.poll(() => section.locator(`li[data-device-id]`).count()).toBe(count - 1)
    await expect.poll(() => focused(app)).toBe('Where you’re signed in')
    await captureClean(app, 'signed-in-device-removed')
    // The list carried every device's token: none reached the page, its console, the bridge or main's log.
    await expectClean(app)
  })

  it('says a device already gone and a refused list in plain words, and asks again on request', async () => {
    const app = await start()
    const { page, fake } = app
    const tv = await signInElsewhere(app, 'Living Room TV', 'Plex for Android (TV)', 'Android')
    // The device list is asked for as the window opens, and plex.tv refuses it. (The Tools section,
    // with no tool yet, has nothing to ask plex.tv.)
    fake.fault({ path: '/api/v2/devices', method: 'GET', status: 429, times: 1 })
    const desktopToken = await signInWithCode(app)
    const section = page.getByRole('region', { name: 'Where you’re signed in' })
    await section.getByRole('button', { name: 'Where you’re signed in' }).click()
    await section.getByText('Too many requests reached plex.tv. Wait a minute, then try again.').waitFor()
    await captureClean(app, 'signed-in-devices-refused')
    await section.getByRole('button', { name: 'Try again' }).click()
    await section.getByRole('button', { name: /^Show \d+ more devices$/ }).click()
    await section.getByRole('button', { name: 'Remove Living Room TV' }).waitFor()

    // Removed elsewhere meanwhile: plex.tv no longer lists it.
    expect((await rawHttp(fake, `/devices/${idOf(app, tv)}.xml`, { method: 'DELETE', headers: clientHeaders(randomUUID(), desktopToken) })).status).toBe(200)
    await section.getByRole('button', { name: 'Remove Living Room TV' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click()
    await section.getByText('“Living Room TV” was not removed. plex.tv no longer lists it, so there was nothing left to remove.').waitFor()
    await expect.poll(() => section.getByRole('button', { name: 'Remove Living Room TV' }).count()).toBe(0)
    await expectClean(app)
  })
})

describe('the Tools section in real Chromium', () => {
  it('says how a tool gets a device, lists each tool once it has one, and revokes one once confirmed', async () => {
    const app = await start()
    const { page } = app
    const desktopToken = await signInWithCode(app)
    const section = page.getByRole('region', { name: 'Tools' })
    const toggle = section.getByRole('button', { name: 'Tools' })
    await expect.poll(() => section.locator('.count').textContent()).toBe('0 tools')
    await toggle.click()
    expect(await section.locator('.listing-empty code').textContent()).toBe('plexkey exec --as <tool> -- <command>')
    await captureClean(app, 'signed-in-no-tools')

    const longest = 'a_tool_name_of_32_characters_-_x'
    expect(longest).toHaveLength(32)
    const kometa = await mintTool(app, 'kometa')
    await mintTool(app, longest)
    await shownAgain(app)
    await expect.poll(() => section.locator('li .tool-name').allTextContents()).toEqual(['kometa', longest])
    expect(await section.locator('li .listing-meta').allTextContents()).toEqual(['Created just now · last seen just now', 'Created just now · last seen just now'])
    await captureClean(app, 'signed-in-tools')

    const devicesCount = page.getByRole('region', { name: 'Where you’re signed in' }).locator('.count')
    const devicesBefore = app.fake.devices().length
    await expect.poll(() => devicesCount.textContent()).toBe(`${devicesBefore} devices`)
    await section.getByRole('button', { name: 'Revoke kometa' }).click()
    const dialog = page.getByRole('dialog', { name: 'Revoke kometa?' })
    await dialog.getByRole('button', { name: 'Revoke' }).click()
    await section.getByText('kometa is revoked: its token no longer works.').waitFor()
    expect(await userStatus(app, kometa.token)).toBe(401)
    // Gone at plex.tv and from the keychain; the other tool's device stays in both.
    expect(app.fake.devices().filter((each) => each.clientIdentifier === kometa.clientId)).toEqual([])
    const kept = await keptTools(app)
    expect(kept.map((tool) => tool.name)).toEqual([longest])
    expect(app.fake.devices().some((each) => each.clientIdentifier === kept[0]?.clientIdentifier)).toBe(true)
    await expect.poll(() => section.locator('li .tool-name').allTextContents()).toEqual([longest])
    await expect.poll(() => focused(app)).toBe('Tools')
    // Its device left the account's devices, and that list was asked again too.
    await expect.poll(() => devicesCount.textContent()).toBe(`${devicesBefore - 1} devices`)
    // The desktop's own sign-in is untouched.
    expect(await userStatus(app, desktopToken)).toBe(200)
    await expectClean(app)
  })
})
