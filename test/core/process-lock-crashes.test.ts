import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { until } from '../support/signin-fixture'

// Four processes take one lock over and over; the holder is killed (kill -9) mid-hold, again and
// again, so the others find an abandoned lock each time and race to take it over. Only one of
// them may break it: no two holders ever run at once.

const root = resolve(__dirname, '../..')
const CONTENDERS = 4
const CRASHES = 12

let dir: string
const children = new Map<number, ChildProcess>()

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plexkey-crashes-'))
})
afterEach(async () => {
  for (const child of children.values()) child.kill('SIGKILL')
  children.clear()
  await rm(dir, { recursive: true, force: true })
})

function contender(file: string, marker: string, report: string): void {
  // Node itself with tsx's loader, so the child's pid is the contender's own (the tsx command would run it as a grandchild).
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-contender.ts', file, marker, report], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (child.pid === undefined) throw new Error('no contender started')
  children.set(child.pid, child)
}

it('lets only one process break an abandoned lock: holders killed again and again, never two inside at once', async () => {
  const file = join(dir, 'test.lock')
  const marker = join(dir, 'inside')
  const report = join(dir, 'report')
  await writeFile(report, '')
  const lines = (): string[] => readFileSync(report, 'utf8').split('\n').filter(Boolean)
  for (let i = 0; i < CONTENDERS; i++) contender(file, marker, report)

  let killed = 0
  let seen = 0
  while (killed < CRASHES) {
    // The next holder goes in; it is killed while it holds the lock, and a fresh contender starts.
    let holder = 0
    await until(() => {
      const entries = lines().filter((line) => line.startsWith('in '))
      if (entries.length <= seen) return false
      seen = entries.length
      holder = Number(entries.at(-1)?.slice(3))
      return children.has(holder)
    }, 'the next holder')
    const child = children.get(holder)
    children.delete(holder)
    child?.kill('SIGKILL')
    if (child) await new Promise((done) => child.once('exit', done))
    killed += 1
    contender(file, marker, report)
  }
  // Everyone left still takes turns after the last crash.
  const before = lines().filter((line) => line.startsWith('in ')).length
  await until(() => lines().filter((line) => line.startsWith('in ')).length >= before + CONTENDERS, 'turns after the crashes')

  expect(killed).toBe(CRASHES)
  expect(lines().filter((line) => line.startsWith('overlap'))).toEqual([])
}, 120_000)
