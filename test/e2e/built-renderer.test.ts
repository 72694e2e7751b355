import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../../main/app/csp'

// The page the app loads, as the build leaves it: main's own policy in a meta tag, ahead of
// everything it governs, and nothing inline for that policy to refuse.

const root = resolve(__dirname, '../..')
const builtPath = join(root, 'out/renderer/index.html')

function built(): string {
  if (!existsSync(builtPath)) throw new Error('out/renderer is missing: run `npm run build` before the end-to-end tests.')
  return readFileSync(builtPath, 'utf8')
}

const metaPolicies = (html: string): string[] =>
  Array.from(html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi), (match) => match[1] ?? '')

describe('the built index.html', () => {
  it("carries exactly main's meta policy, once", () => {
    expect(metaPolicies(built())).toEqual([metaContentSecurityPolicy()])
  })

  it('is the production header policy but for frame-ancestors, so the page never has network access', () => {
    const [policy] = metaPolicies(built())
    expect(`${policy}; frame-ancestors 'none'`).toBe(contentSecurityPolicy('production'))
    expect(policy).toContain("connect-src 'none'")
  })

  it('puts the policy before any script or stylesheet, which a meta policy only covers when they follow it', () => {
    const html = built()
    const meta = html.search(/http-equiv="Content-Security-Policy"/i)
    const firstAsset = html.search(/<script|<link\s+rel="stylesheet"/i)
    expect(meta).toBeGreaterThan(-1)
    expect(firstAsset).toBeGreaterThan(meta)
  })

  it('has no inline script or style for the policy to refuse', () => {
    const html = built()
    expect(html).not.toMatch(/<style/i)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/i)
    expect(html).not.toMatch(/\sstyle=/i)
  })

  it('comes from a source page with no policy of its own, so the two cannot disagree', () => {
    const source = readFileSync(join(root, 'renderer/index.html'), 'utf8')
    expect(metaPolicies(source)).toEqual([])
  })
})
