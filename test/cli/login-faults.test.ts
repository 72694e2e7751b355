import { describe, expect, it } from 'vitest'
import { useCliWorld } from '../support/use-cli-world'
import { until } from '../support/signin-fixture'

// `plexkey login` while plex.tv fails: the built CLI as a child process, against the fake plex.tv
// with injected faults and a private real keychain.

const world = useCliWorld()

const pinCreations = () => world.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/pins')

describe('plexkey login while plex.tv fails', () => {
  it('plex.tv down across a code renewal, for more tries than a first code gets, then back: the login completes', async () => {
    // A code of 4 s is renewed after half its life, so the renewal comes at once.
    world.fake.setLifetimes({ linkSec: 4 })
    const login = world.start(['login', '--link', '--json'])
    const first = await login.json((line) => line['kind'] === 'waiting')
    // Down: every PIN request fails, polls and the creation of the replacement alike. plex.tv says
    // when to come back (1 s), so the tries come at that pace rather than on a random back-off.
    world.fake.fault({ path: '/api/v2/pins', status: 503, retryAfter: '1' })
    const before = pinCreations().length
    // Six failed creations: one more than a first code is allowed (it used to end here, exit 3).
    await until(() => pinCreations().length >= before + 6, 'six failed creations of the new code', 60_000)
    const notice = await login.json((line) => line['kind'] === 'waiting' && line['retry'] !== undefined)
    expect(notice['retry']).toMatchObject({ code: 'plex-error' })
    world.fake.setLifetimes({ linkSec: 900 })
    world.fake.clearFaults()
    const renewed = await login.json((line) => line['kind'] === 'waiting' && line['pinId'] !== first['pinId'] && line['retry'] === undefined)
    expect(renewed['renewals']).toBe(1)
    world.fake.approve(String(renewed['code']))
    const result = await login.done
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ kind: 'signed-in' })
  }, 90_000)

  it('a first code plex.tv cannot create: says so and when the next try is (human and --json), then exit 3 with advice, as status would', async () => {
    world.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 503, retryAfter: '1' })
    const json = world.start(['login', '--link', '--json'])
    const starting = await json.json((line) => line['kind'] === 'starting' && line['retry'] !== undefined)
    expect(starting['retry']).toMatchObject({ code: 'plex-error', message: 'plex.tv answered with an error (HTTP 503: Service Unavailable).' })
    expect(Date.parse(String((starting['retry'] as Record<string, unknown>)['retryAt']))).toBeGreaterThan(Date.now() - 1_000)
    json.child.kill('SIGINT')
    expect((await json.done).code).toBe(130)

    const human = world.start(['login', '--link'])
    await human.line((line) =>
      /^No sign-in code yet: plex\.tv answered with an error \(HTTP 503: Service Unavailable\)\. Trying again in 0:0[01] \(at \d\d:\d\d:\d\d\)\.$/.test(line),
    )
    const result = await human.done
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n').slice(-2)).toEqual(['plex.tv answered with an error (HTTP 503: Service Unavailable). plex.tv is having trouble; try again in a few minutes.', ''])
  }, 90_000)

  it('--timeout running out while plex.tv cannot be reached says so, and exits 3', async () => {
    world.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, method: 'GET', status: 503, retryAfter: '1' })
    const result = await world.run(['login', '--link', '--timeout', '2'])
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n').slice(-2)).toEqual([
      'Not approved within 2 seconds, and plex.tv could not be reached meanwhile: plex.tv answered with an error (HTTP 503: Service Unavailable). The sign-in was cancelled; try again when plex.tv answers.',
      '',
    ])
  })
})
