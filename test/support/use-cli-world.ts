import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type CliWorld, startCliWorld } from './cli-world'

/**
 * The usual life of a CLI test file: one world started before its tests and stopped after them,
 * signed out, with no fault, and with no request on record before each test. Reads as the world
 * itself (`world.run(...)`, `world.fake`) once the file's tests run.
 */
export function useCliWorld(): CliWorld {
  let started: CliWorld | undefined
  const current = (): CliWorld => {
    if (!started) throw new Error('The CLI world starts before the first test: use it inside a test or a hook.')
    return started
  }
  beforeAll(async () => {
    started = await startCliWorld()
  })
  afterAll(async () => {
    await started?.stop()
  })
  beforeEach(async () => {
    await current().reset()
    current().fake.clearRequests()
  })
  return new Proxy({} as CliWorld, { get: (_target, key) => Reflect.get(current(), key) })
}
