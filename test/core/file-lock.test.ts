import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withFileLock } from '../../main/core/config/file-lock'
import { gate } from '../support/gate'

let dir: string
let path: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-lock-'))
  path = join(dir, 'client.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('withFileLock', () => {
  it('lets one holder in at a time, and the next in once the first is done', async () => {
    const held = gate()
    const events: string[] = []
    const first = withFileLock(path, async () => {
      events.push('first in')
      await held.opened
      events.push('first out')
    })
    while (!(await readdir(dir)).includes('client.json.lock')) await new Promise((r) => setTimeout(r, 1))
    const second = withFileLock(path, async () => void events.push('second in'), { retryMs: 1 })
    // However long the first holds it, the second waits.
    for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 1))
    expect(events).toEqual(['first in'])
    held.open()
    await Promise.all([first, second])
    expect(events).toEqual(['first in', 'first out', 'second in'])
    expect(await readdir(dir)).toEqual([])
  })

  it('lets go when the work fails', async () => {
    await expect(withFileLock(path, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
    expect(await readdir(dir)).toEqual([])
  })

  it('breaks a lock left by a process that died holding it', async () => {
    await writeFile(`${path}.lock`, '')
    const old = new Date(Date.now() - 60_000)
    await utimes(`${path}.lock`, old, old)
    expect(await withFileLock(path, async () => 'in')).toBe('in')
    expect(await readdir(dir)).toEqual([])
  })
})
