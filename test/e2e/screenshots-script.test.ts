import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/cli-world'

// scripts/screenshots.sh runs the end-to-end tests that leave screenshots; it must not miss one.

describe('npm run screenshots', () => {
  it('runs every end-to-end test file that captures a state, the servers included', async () => {
    const script = await readFile(join(repoRoot, 'scripts/screenshots.sh'), 'utf8')
    const run = /^npx vitest run ((?:[^\n\\]|\\\n)+)$/m.exec(script)?.[1] ?? ''
    const driven = run.split(/\s+|\\/).filter((word) => word.endsWith('.test.ts'))
    const capturing: string[] = []
    for (const file of await readdir(join(repoRoot, 'test/e2e'))) {
      if (!file.endsWith('.test.ts')) continue
      const source = await readFile(join(repoRoot, 'test/e2e', file), 'utf8')
      if (/captureClean\(|\.capture\(/.test(source)) capturing.push(`test/e2e/${file}`)
    }
    expect(capturing).toContain('test/e2e/servers.test.ts')
    expect(driven.sort()).toEqual(capturing.sort())
  })
})
