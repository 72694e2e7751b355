import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuthScheme } from '../../preload/api'
import type { LiveRun, RunResult } from '../support/cli-world'
import { gate } from '../support/gate'
import { useCliWorld } from '../support/use-cli-world'
import { until } from '../support/signin-fixture'

// Many `plexkey` processes at once on one keychain: the built CLI as child processes, against the
// fake plex.tv and a private real keychain, some of them killed with SIGKILL mid-way.

const N = 5
const world = useCliWorld()

interface User {
  readonly username: string
  readonly uuid: string
}
const jo: User = { username: 'jo', uuid: 'j0000000001' }
const kim: User = { username: 'kim', uuid: 'k1m00000001' }
const lee: User = { username: 'lee', uuid: '1ee00000001' }

const renewals = () => world.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/auth/token').length

/** The code a `login --json` run shows; fails if the run ends without asking (as when already signed in). */
async function codeOf(run: LiveRun): Promise<string> {
  return String((await run.json((line) => line['kind'] === 'waiting'))['code'])
}

/** Approves a code at plex.tv as `user`, as the scheme's sign-in is approved; returns the token issued. */
function approve(code: string, scheme: AuthScheme, user: User): Promise<string> {
  return scheme === 'jwt' ? world.fake.approveJwt(code, user) : Promise.resolve(world.fake.approve(code, user))
}

/** Signs in through `plexkey login`, which must ask for approval; returns the token saved. */
async function signIn(scheme: AuthScheme, user: User = jo): Promise<string> {
  const run = world.start(['login', '--link', '--json', '--auth', scheme])
  await approve(await codeOf(run), scheme, user)
  expect((await run.done).code).toBe(0)
  return JSON.parse((await world.keychainItems())[`token:${user.uuid}`] ?? '{}').token as string
}

/** The account a finished `login --json` run says it signed in, and its exit status. */
function loginOutcome(result: RunResult): { readonly code: number | null; readonly username: unknown } {
  const last = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { kind?: string; account?: { username?: unknown } }
  return { code: result.code, username: last.kind === 'signed-in' ? last.account?.username : undefined }
}

/** Whether plex.tv (the fake) takes this token now. */
async function accepted(token: string): Promise<boolean> {
  const clientId = (JSON.parse((await world.files()).get(join(world.configDir, 'client.json')) ?? '{}') as { clientId: string }).clientId
  const res = await fetch(`${world.fake.url}/api/v2/user`, {
    headers: { Accept: 'application/json', 'X-Plex-Client-Identifier': clientId, 'X-Plex-Product': 'Plexkey', 'X-Plex-Token': token },
  })
  return res.status === 200
}

/**
 * The keychain as a whole makes sense: `status` settles it with plex.tv (a token a killed logout
 * had already signed out there is removed: exit 2), after which `token` and a second `status`
 * agree, and an `active` marker names an entry that is there and holds the token `token` printed,
 * which plex.tv accepts. New Plex JWTs live 7 days again first, so that `token` (which renews a
 * due one) and `status` see the same one.
 */
async function expectConsistent(): Promise<void> {
  world.fake.setJwtLifetime(7 * 24 * 3600)
  expect([0, 1, 2]).toContain((await world.run(['status'])).code)
  const token = await world.run(['token'])
  const status = await world.run(['status'])
  const items = await world.keychainItems()
  const active = items['active']
  if (active === undefined) {
    expect(token).toMatchObject({ code: 1, stdout: '' })
    expect(status.code).toBe(1)
    return
  }
  const entry = JSON.parse(items[active] ?? 'null') as { token: string } | null
  expect(entry?.token).toEqual(expect.any(String))
  expect(token).toMatchObject({ code: 0, stdout: `${entry?.token}\n` })
  expect(await accepted(entry?.token ?? '')).toBe(true)
  expect(status.code).toBe(0)
}

/** Signs out the active account while `logout` says another became active, then the last one. */
async function logOutEveryAccount(): Promise<void> {
  for (;;) {
    const out = await world.run(['logout'])
    expect(out.code).toBe(0)
    if (!out.stderr.includes('is the active account now.')) return
  }
}

async function signedOutEverywhere(): Promise<void> {
  const items = await world.keychainItems()
  expect(Object.keys(items).filter((name) => name === 'active' || name.startsWith('token:'))).toEqual([])
  expect((await world.run(['token'])).code).toBe(1)
}

describe('many plexkey processes on one keychain', () => {
  it(`${N} parallel \`token\` calls on a due Plex JWT send one renewal to plex.tv and all print the token it accepts`, async () => {
    world.fake.setJwtLifetime(3600)
    const old = await signIn('jwt')
    world.fake.clearRequests()
    // The renewal is held until every process has judged the token due (each fetched plex.tv's
    // keys to verify it), so they all overlap with it.
    const held = gate()
    world.fake.fault({ path: '/api/v2/auth/token', method: 'POST', holdUntil: held.opened, times: 1 })
    const runs = Array.from({ length: N }, () => world.start(['token']))
    await until(() => world.fake.requests.filter((r) => r.path === '/api/v2/auth/keys').length >= N && renewals() >= 1, 'every process at the renewal', 30_000)
    held.open()
    const results = await Promise.all(runs.map((run) => run.done))
    expect(renewals()).toBe(1)
    const printed = new Set(results.map((r) => r.stdout))
    expect(results.map((r) => r.code)).toEqual(Array(N).fill(0))
    expect(printed.size).toBe(1)
    const renewed = [...printed][0]?.trim() ?? ''
    expect(renewed).not.toBe(old)
    expect(await accepted(renewed)).toBe(true)
    expect(JSON.parse((await world.keychainItems())[`token:${jo.uuid}`] ?? '{}')).toMatchObject({ token: renewed })
    await expectConsistent()
  })

  it('a logout while another process renews the JWT stays a logout: the renewal does not bring the sign-in back', async () => {
    world.fake.setJwtLifetime(3600)
    await signIn('jwt')
    const held = gate()
    world.fake.fault({ path: '/api/v2/auth/token', method: 'POST', holdUntil: held.opened, times: 1 })
    const token = world.start(['token'])
    await until(() => renewals() >= 1, 'the renewal at plex.tv')
    // The logout says in its diagnostics when it has to wait for another process's keychain change:
    // it has reached the lock the renewal holds, and waits there. (Before the lock it finished at
    // once, and the renewal then saved over it.)
    const logout = world.start(['logout'], { PLEXKEY_LOG_LEVEL: 'info' })
    await until(() => logout.stderr().includes('waiting for another Plexkey process to finish with the keychain'), 'the logout waiting for the lock')
    expect(logout.stderr()).toContain(`pid=${token.child.pid}`)
    expect(world.fake.requests.some((r) => r.path === '/api/v2/users/signout')).toBe(false)
    expect(await world.keychainItems()).toHaveProperty(`token:${jo.uuid}`)
    held.open()
    const [printed, out] = await Promise.all([token.done, logout.done])
    expect(out.code).toBe(0)
    // `token` ran first and printed the renewed token; the logout then signed that one out at plex.tv.
    expect(printed.code).toBe(0)
    expect(await accepted(printed.stdout.trim())).toBe(false)
    await signedOutEverywhere()
  })

  it('two logins finishing at once as different accounts: both kept and listed, the last saved active, nothing signed out', async () => {
    const runs = [kim, lee].map((user) => ({ user, run: world.start(['login', '--link', '--json']) }))
    const codes = await Promise.all(runs.map(({ run }) => run.json((line) => line['kind'] === 'waiting').then((line) => String(line['code']))))
    // Both approved, and both held where they read the account, then let go together: both reach
    // the keychain at the same moment.
    const userHeld = gate()
    world.fake.fault({ path: '/api/v2/user', method: 'GET', holdUntil: userHeld.opened, times: 2 })
    const issued = runs.map(({ user }, i) => ({ user, token: world.fake.approve(codes[i] ?? '', user) }))
    await until(() => world.fake.requests.filter((r) => r.path === '/api/v2/user').length >= 2, 'both sign-ins reading their account')
    userHeld.open()
    const ended = await Promise.all(runs.map(({ run }) => run.done))
    expect(ended.map((r) => r.code)).toEqual([0, 0])
    const items = await world.keychainItems()
    const entries = Object.keys(items).filter((name) => name.startsWith('token:'))
    expect(entries.sort()).toEqual(issued.map(({ user }) => `token:${user.uuid}`).sort())
    // The two saves took turns: the list names both, the one saved last first, and `active` names it.
    const listed = JSON.parse(items['accounts'] ?? '[]') as string[]
    expect(listed.sort()).toEqual(issued.map(({ user }) => user.uuid).sort())
    expect(items['active']).toBe(`token:${(JSON.parse(items['accounts'] ?? '[]') as string[])[0]}`)
    for (const { token } of issued) expect(await accepted(token)).toBe(true)
    expect(world.fake.requests.filter((r) => r.path === '/api/v2/users/signout')).toHaveLength(0)
    await expectConsistent()
  })

  it.each([
    [`Plex JWT: two logins that must sign in, ${N} \`token\`s renewing and a logout at once, with kill -9 mid-renewal and mid-logout`, 'jwt'],
    [`legacy token (nothing to renew): two logins that must sign in, ${N} \`token\`s and a logout at once, with kill -9 mid-logout`, 'legacy'],
  ] as const)(
    '%s, end consistent; a logout then signs out',
    async (_, scheme) => {
      if (scheme === 'jwt') world.fake.setJwtLifetime(3600)
      // The device key (JWT) is made by a first sign-in, so the two logins do not race to make one.
      await signIn(scheme)
      expect((await world.run(['logout'])).code).toBe(0)
      // Both logins start signed out, so both must sign in: each waits for its code's approval.
      const logins = [kim, lee].map((user) => ({ user, run: world.start(['login', '--link', '--json', '--auth', scheme, '--timeout', '60']) }))
      const codes = await Promise.all(logins.map(({ run }) => codeOf(run)))
      // Meanwhile jo signs in (with a Plex JWT due at once): what the `token`s renew and the logout ends.
      const joToken = await signIn(scheme)
      world.fake.clearRequests()

      // Two kill points, each held at the fake until the process is killed there: a `token` in the
      // middle of a renewal (JWT), and the logout between telling plex.tv and removing the entry.
      const renewalHeld = gate()
      const signoutHeld = gate()
      world.fake.fault({ path: '/api/v2/auth/token', method: 'POST', holdUntil: renewalHeld.opened, times: 1 })
      world.fake.fault({ path: '/api/v2/users/signout', method: 'DELETE', holdUntil: signoutHeld.opened, times: 1 })
      const tokens = Array.from({ length: N }, () => world.start(['token']))
      const logout = world.start(['logout'])

      // Whichever takes the keychain lock first (a renewing `token`, or the logout) holds it until
      // it is killed at its point; then the other breaks the abandoned lock and goes on to its own.
      const signouts = () => world.fake.requests.filter((r) => r.method === 'DELETE' && r.path === '/api/v2/users/signout')
      const killMidRenewal = async (): Promise<void> => {
        if (scheme !== 'jwt') return
        await until(() => renewals() >= 1, 'a renewal at plex.tv', 30_000)
        for (const run of tokens) run.child.kill('SIGKILL')
      }
      const killMidLogout = async (): Promise<void> => {
        await until(() => signouts().length >= 1, 'the logout telling plex.tv', 30_000)
        logout.child.kill('SIGKILL')
      }
      await Promise.all([killMidRenewal(), killMidLogout()])
      expect(await logout.done).toMatchObject({ signal: 'SIGKILL' })
      // Killed while signing out jo: the held request never reached plex.tv, so jo's token lives on.
      expect(signouts().map((r) => r.headers['x-plex-token'])).toEqual([joToken])

      // Both codes approved now: each login finds the locks of the killed processes abandoned.
      const issued = await Promise.all(logins.map(({ user }, i) => approve(codes[i] ?? '', scheme, user)))
      renewalHeld.open()
      signoutHeld.open()
      const ended = await Promise.all(logins.map(({ run }) => run.done))
      expect(ended.map(loginOutcome)).toEqual([
        { code: 0, username: kim.username },
        { code: 0, username: lee.username },
      ])
      // The login that saved last is the active account; the other is kept beside it, both valid.
      const active = (await world.keychainItems())['active']
      expect([`token:${kim.uuid}`, `token:${lee.uuid}`]).toContain(active)
      for (const token of issued) expect(await accepted(token)).toBe(true)
      const tokenRuns = await Promise.all(tokens.map((run) => run.done))
      if (scheme === 'jwt') {
        expect(tokenRuns.map((r) => r.signal)).toEqual(Array(N).fill('SIGKILL'))
        expect(renewals()).toBe(1)
      } else {
        // A legacy token is printed as it is: every `token` finished on its own, and none renewed.
        for (const result of tokenRuns) expect(result).toMatchObject({ signal: null, code: 0 })
        expect(renewals()).toBe(0)
      }

      await expectConsistent()
      // The next processes find the locks of the killed ones abandoned and carry on.
      await logOutEveryAccount()
      await signedOutEverywhere()
      // The logout took the lock: the lock files the killed holders left are gone with it. (A
      // process killed while breaking a stale lock may leave the copy it set aside, `.stale-*`,
      // which holds no lock.)
      expect([...(await world.files()).keys()].filter((path) => path.includes('.lock') && !path.includes('.lock.stale-'))).toEqual([])
    },
    120_000,
  )
})
