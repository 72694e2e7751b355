import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileAtomic, moveAside, readTextFile, writeFileAtomic } from '../../main/core/config/atomic-file'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-atomic-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  it('writes the data with mode 0600 whatever the umask, creating the folder', async () => {
    const path = join(dir, 'nested', 'settings.json')
    const old = process.umask(0o000)
    try {
      await writeFileAtomic(path, '{"a":1}')
    } finally {
      process.umask(old)
    }
    expect(await readFile(path, 'utf8')).toBe('{"a":1}')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('replaces an existing file and leaves no temporary files behind', async () => {
    const path = join(dir, 'f.json')
    await writeFileAtomic(path, 'one')
    await writeFileAtomic(path, 'two')
    expect(await readFile(path, 'utf8')).toBe('two')
    expect(await readdir(dir)).toEqual(['f.json'])
  })

  it('leaves what was there and no temporary file when the final rename fails', async () => {
    // A folder where the file should go makes rename fail (EISDIR), even for root.
    const path = join(dir, 'f.json')
    await mkdir(path)
    await writeFile(join(path, 'inside'), 'kept')
    await expect(writeFileAtomic(path, 'new')).rejects.toMatchObject({ code: 'EISDIR' })
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept')
    expect(await readdir(dir)).toEqual(['f.json'])
  })

  it('fails with the file system error when a file stands where the folder should be', async () => {
    await writeFile(join(dir, 'blocker'), 'x')
    await expect(writeFileAtomic(join(dir, 'blocker', 'sub', 'f.json'), 'data')).rejects.toMatchObject({ code: 'ENOTDIR' })
    expect(await readFile(join(dir, 'blocker'), 'utf8')).toBe('x')
  })
})

describe('createFileAtomic', () => {
  it('creates once; a second writer finds the first one\'s file', async () => {
    const path = join(dir, 'client.json')
    expect(await createFileAtomic(path, 'first')).toBe('created')
    expect(await createFileAtomic(path, 'second')).toBe('exists')
    expect(await readFile(path, 'utf8')).toBe('first')
    expect(await readdir(dir)).toEqual(['client.json'])
  })

  it('lets exactly one of many concurrent writers win', async () => {
    const path = join(dir, 'client.json')
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => createFileAtomic(path, `writer ${i}`)))
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1)
    const winner = outcomes.indexOf('created')
    expect(await readFile(path, 'utf8')).toBe(`writer ${winner}`)
    expect(await readdir(dir)).toEqual(['client.json'])
  })
})

describe('readTextFile', () => {
  it('tells missing, readable and unreadable apart', async () => {
    expect(await readTextFile(join(dir, 'none'))).toEqual({ kind: 'missing' })
    await writeFile(join(dir, 'ok'), 'héllo')
    expect(await readTextFile(join(dir, 'ok'))).toEqual({ kind: 'text', text: 'héllo' })
    await mkdir(join(dir, 'folder'))
    expect(await readTextFile(join(dir, 'folder'))).toMatchObject({ kind: 'unreadable', error: { code: 'ENOTREG' } })
    await writeFile(join(dir, 'big'), 'x'.repeat(100))
    expect(await readTextFile(join(dir, 'big'), 10)).toMatchObject({ kind: 'unreadable', error: { code: 'EFBIG' } })
  })
})

describe('moveAside', () => {
  it('renames to <name>.corrupt-<timestamp>, never over an earlier copy', async () => {
    const path = join(dir, 'client.json')
    const at = Date.UTC(2025, 4, 6, 7, 8, 9, 10)
    await writeFile(path, 'first')
    const first = await moveAside(path, at)
    await writeFile(path, 'second')
    const second = await moveAside(path, at)
    expect(first).toBe(join(dir, 'client.json.corrupt-2025-05-06T07-08-09-010Z'))
    expect(second).not.toBe(first)
    expect(await readFile(first, 'utf8')).toBe('first')
    expect(await readFile(second, 'utf8')).toBe('second')
    expect(await readTextFile(path)).toEqual({ kind: 'missing' })
  })
})
