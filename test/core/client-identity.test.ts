import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Result } from '../../preload/api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LoadedClientIdentity, SystemInfo } from '../../main/core/account/client-identity'
import { loadClientIdentity } from '../../main/core/account/client-identity'
import { createLogger } from '../../main/core/log'
import { lockOfDeadOwner } from '../support/dead-pid'

let dir: string
let logLines: string[]
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-identity-'))
  logLines = []
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const linux: SystemInfo = { type: () => 'Linux', release: () => '6.1.0-18-amd64', hostname: () => 'desk' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function load(configDir = dir, system: SystemInfo = linux) {
  const logger = createLogger('identity', { level: 'debug', sink: (l) => logLines.push(l) })
  return loadClientIdentity({ configDir, version: '1.2.3', system, logger, now: () => Date.UTC(2025, 0, 1) })
}

const root = resolve(__dirname, '../..')

/**
 * `count` processes that load the identity from `dir` at the same moment: each is started, waits
 * until all have loaded their code, and then all are told to go at once.
 */
async function identityProcesses(count: number): Promise<Result<LoadedClientIdentity>[]> {
  const children = Array.from({ length: count }, () =>
    spawn(resolve(root, 'node_modules/.bin/tsx'), ['test/support/identity-process.ts', dir], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] }),
  )
  try {
    const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]())
    for (const next of lines) expect((await next.next()).value).toBe('ready')
    for (const child of children) child.stdin.write('go\n')
    const results = await Promise.all(lines.map(async (next) => JSON.parse(String((await next.next()).value)) as Result<LoadedClientIdentity>))
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)))
    return results
  } finally {
    for (const child of children) child.kill()
  }
}

async function value(configDir = dir, system: SystemInfo = linux) {
  const result = await load(configDir, system)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('loadClientIdentity', () => {
  it('creates a random UUID on first run, with the six GetPinRequest fields', async () => {
    const identity = await value()
    expect(identity).toEqual({
      clientId: expect.stringMatching(UUID),
      product: 'Plexkey',
      version: '1.2.3',
      platform: 'Linux',
      platformVersion: '6.1.0-18-amd64',
      device: 'Linux',
      deviceName: 'desk',
      created: true,
    })
    const stored = JSON.parse(await readFile(join(dir, 'client.json'), 'utf8'))
    expect(stored).toEqual({ clientId: identity.clientId, createdAt: '2025-01-01T00:00:00.000Z' })
  })

  it('writes client.json with mode 0600 and leaves nothing else', async () => {
    await value()
    expect((await stat(join(dir, 'client.json'))).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['client.json'])
  })

  it('keeps the same client id across restarts', async () => {
    const first = await value()
    const second = await value()
    expect(second.clientId).toBe(first.clientId)
    expect(second.created).toBe(false)
    expect(second.movedAside).toBeUndefined()
  })

  it('creates the config folder when it does not exist yet', async () => {
    const nested = join(dir, 'a', 'Plexkey')
    const identity = await value(nested)
    expect(identity.created).toBe(true)
    expect(JSON.parse(await readFile(join(nested, 'client.json'), 'utf8')).clientId).toBe(identity.clientId)
  })

  it.each([
    ['not JSON', '{"clientId": "6f1c2f0e-'],
    ['JSON without the fields', '{"hello":"world"}'],
    ['a client id that is not a UUID', '{"clientId":"not-a-uuid","createdAt":"2025-01-01T00:00:00.000Z"}'],
    ['an empty file', ''],
  ])('moves a corrupt file (%s) aside, reports it, and makes a new id', async (_, content) => {
    await writeFile(join(dir, 'client.json'), content)
    const identity = await value()
    expect(identity.created).toBe(true)
    expect(identity.movedAside).toBe(join(dir, 'client.json.corrupt-2025-01-01T00-00-00-000Z'))
    expect(await readFile(identity.movedAside ?? '', 'utf8')).toBe(content)
    expect(JSON.parse(await readFile(join(dir, 'client.json'), 'utf8')).clientId).toBe(identity.clientId)
    expect(logLines).toHaveLength(1)
    expect(logLines[0]).toContain('WARN [identity]')
    expect(logLines[0]).toContain(identity.movedAside)
    // The new id sticks.
    expect((await value()).clientId).toBe(identity.clientId)
  })

  it('moves an unreadable client.json (a folder in its place) aside too', async () => {
    await mkdir(join(dir, 'client.json'))
    await writeFile(join(dir, 'client.json', 'keep'), 'x')
    const identity = await value()
    expect(identity.movedAside).toMatch(/client\.json\.corrupt-/)
    expect(await readFile(join(identity.movedAside ?? '', 'keep'), 'utf8')).toBe('x')
    expect(logLines[0]).toContain('client.json was not a regular file')
  })

  it('never follows a client.json link, dangling or not: moves it aside, keeping the link, and makes a new id', async () => {
    await symlink(join(dir, 'nowhere.json'), join(dir, 'client.json'))
    const identity = await value()
    expect(identity.created).toBe(true)
    expect((await lstat(identity.movedAside ?? '')).isSymbolicLink()).toBe(true)
    expect(await readlink(identity.movedAside ?? '')).toBe(join(dir, 'nowhere.json'))
    expect((await lstat(join(dir, 'client.json'))).isFile()).toBe(true)
    expect(logLines[0]).toContain('client.json was a symbolic link')
    expect((await value()).clientId).toBe(identity.clientId)
  })

  it('returns a plain error when the config folder cannot be created, and writes nothing', async () => {
    await writeFile(join(dir, 'file'), 'x')
    const result = await load(join(dir, 'file', 'Plexkey'))
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unknown',
        message: `Plexkey cannot save its client id in ${join(dir, 'file', 'Plexkey')} (a file is in the way of the folder).`,
        retryable: false,
      },
    })
    expect(await readdir(dir)).toEqual(['file'])
  })

  it('agrees on one client id when several processes start for the first time together', async () => {
    const results = await identityProcesses(6)
    const onDisk = JSON.parse(await readFile(join(dir, 'client.json'), 'utf8')).clientId
    expect(results.map((r) => r.ok && r.value.clientId)).toEqual(Array(6).fill(onDisk))
    expect(results.filter((r) => r.ok && r.value.created)).toHaveLength(1)
    expect(await readdir(dir)).toEqual(['client.json'])
  })

  it.each([
    ['Darwin', 'macOS'],
    ['Windows_NT', 'Windows'],
    ['SunOS', 'SunOS'],
  ])('names the %s platform %s', async (type, name) => {
    const identity = await value(dir, { type: () => type, release: () => '1', hostname: () => '' })
    expect(identity).toMatchObject({ platform: name, device: name, deviceName: 'Unknown' })
  })
})

describe('loadClientIdentity with a repair lock left behind', () => {
  const lockFile = () => join(dir, 'client.json.lock')

  it('repairs at once when the process holding the lock was killed, and leaves no lock behind', async () => {
    await writeFile(join(dir, 'client.json'), 'garbage')
    await writeFile(lockFile(), await lockOfDeadOwner())
    const identity = await value()
    expect(identity.movedAside).toMatch(/client\.json\.corrupt-/)
    expect((await readdir(dir)).sort()).toEqual(['client.json', 'client.json.corrupt-2025-01-01T00-00-00-000Z'])
    // The lock is fresh: a repair that waited for it to turn stale (10 s) would run past this limit.
  }, 5_000)

  it('repairs past an empty lock (a crash before its owner was written) once it is stale', async () => {
    await writeFile(join(dir, 'client.json'), 'garbage')
    await writeFile(lockFile(), '')
    const old = new Date(Date.now() - 60_000)
    await utimes(lockFile(), old, old)
    expect((await value()).movedAside).toMatch(/client\.json\.corrupt-/)
    expect(await readdir(dir)).not.toContain('client.json.lock')
  })
})

describe('loadClientIdentity with a corrupt file and several first starts at once', () => {
  it('moves the bad file aside once and every process ends with the same valid id', async () => {
    await writeFile(join(dir, 'client.json'), 'garbage')
    const results = await identityProcesses(6)
    const onDisk = JSON.parse(await readFile(join(dir, 'client.json'), 'utf8')).clientId
    expect(onDisk).toMatch(UUID)
    expect(results.map((r) => r.ok && r.value.clientId)).toEqual(Array(6).fill(onDisk))
    // Exactly one process moved it, and nothing else is left beside the two files.
    const files = await readdir(dir)
    const aside = files.filter((f) => f.startsWith('client.json.corrupt-'))
    expect(aside).toHaveLength(1)
    expect(files.sort()).toEqual(['client.json', ...aside].sort())
    expect(await readFile(join(dir, aside[0] ?? ''), 'utf8')).toBe('garbage')
    expect(results.filter((r) => r.ok && r.value.movedAside !== undefined)).toEqual([
      { ok: true, value: expect.objectContaining({ movedAside: join(dir, aside[0] ?? '') }) },
    ])
  })
})
