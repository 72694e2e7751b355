import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The built main bundles (out/main, made by `npm run build` before the tests), as a packaged app
// would load them from app.asar.

const bundles = (readdirSync('out/main', { recursive: true }) as string[])
  .filter((file) => file.endsWith('.js'))
  .map((file) => ({ file, text: readFileSync(join('out/main', file), 'utf8') }))

describe('the built main process', () => {
  it('loads keytar with require, never with import(): ES module loading from app.asar is not reliable', () => {
    expect(bundles.length).toBeGreaterThan(0)
    const all = bundles.map((b) => b.text).join('\n')
    expect(all).not.toMatch(/\bimport\(\s*["'`]keytar["'`]\s*\)/)
    // createRequire(<this file>)('keytar'), however the bundler spells the call.
    expect(all).toMatch(/createRequire\)?\(.*\)\(\s*["']keytar["']\s*\)/)
  })
})
