import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, metaContentSecurityPolicy, withContentSecurityPolicy } from '../../main/app/csp'

/** Directive name → sources, as a browser would split the policy. */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (!name) continue
    expect(directives.has(name), `duplicate ${name}`).toBe(false)
    directives.set(name, sources)
  }
  return directives
}

describe('production policy', () => {
  const csp = parse(contentSecurityPolicy('production'))

  it('closes everything by default and opens only what the renderer needs', () => {
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('style-src')).toEqual(["'self'"])
    expect(csp.get('img-src')).toEqual(["'self'", 'data:'])
    expect(csp.get('font-src')).toEqual(["'self'"])
  })

  it('gives the page no network: main makes every request', () => {
    expect(csp.get('connect-src')).toEqual(["'none'"])
  })

  it('blocks base, forms, plugins, frames, workers and being framed', () => {
    for (const name of ['base-uri', 'form-action', 'object-src', 'frame-src', 'worker-src', 'frame-ancestors']) {
      expect(csp.get(name), name).toEqual(["'none'"])
    }
  })

  it('allows nothing inline, no eval, and no remote host', () => {
    const all = [...csp.values()].flat()
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:']) {
      expect(all).not.toContain(unsafe)
    }
    expect(all.filter((s) => s.includes('://'))).toEqual([])
  })
})

describe('development policy', () => {
  const production = parse(contentSecurityPolicy('production'))
  const development = parse(contentSecurityPolicy('development'))

  it('adds only what the Vite dev server needs', () => {
    expect(development.get('script-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(development.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(development.get('connect-src')).toEqual(["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*'])
    for (const [name, sources] of production) {
      if (!['script-src', 'style-src', 'connect-src'].includes(name)) expect(development.get(name), name).toEqual(sources)
    }
    expect([...development.values()].flat()).not.toContain("'unsafe-eval'")
  })
})

describe('meta tag policy', () => {
  it('is the production policy without frame-ancestors, which a meta tag cannot carry', () => {
    const header = parse(contentSecurityPolicy('production'))
    const meta = parse(metaContentSecurityPolicy())
    header.delete('frame-ancestors')
    expect(meta).toEqual(header)
  })
})

describe('withContentSecurityPolicy', () => {
  it('replaces any policy already there, whatever its case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ["default-src *"], 'CONTENT-SECURITY-POLICY': ['script-src *'], 'X-Other': ['1'] },
      "default-src 'none'",
    )
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': ["default-src 'none'"] })
  })

  it('adds the policy when there were no headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})
