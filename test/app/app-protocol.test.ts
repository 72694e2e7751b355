import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appSchemePrivileges, resolveAppFile, serveAppRequest } from '../../main/app/app-protocol'

let root: string
let outside: string
beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'plexkey-protocol-'))
  root = join(base, 'renderer')
  outside = join(base, 'secret.txt')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Plexkey</title>')
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}')
  await writeFile(outside, 'token=do-not-serve')
})
afterAll(async () => {
  await rm(join(root, '..'), { recursive: true, force: true })
})

describe('resolveAppFile', () => {
  it('maps our URLs into the renderer directory', () => {
    expect(resolveAppFile('app://plexkey/index.html', root)).toBe(join(root, 'index.html'))
    expect(resolveAppFile('app://plexkey/', root)).toBe(join(root, 'index.html'))
    expect(resolveAppFile('app://plexkey/assets/index-abc.js?v=1#x', root)).toBe(join(root, 'assets', 'index-abc.js'))
  })

  it.each([
    ['another host', 'app://evil/index.html'],
    ['credentials', 'app://user@plexkey/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['an encoded slash', 'app://plexkey/..%2fsecret.txt'],
    ['an encoded backslash', 'app://plexkey/..%5csecret.txt'],
    ['a NUL byte', 'app://plexkey/index.html%00.js'],
    ['broken percent-encoding', 'app://plexkey/%E0%A4%A'],
    ['an unknown file type', 'app://plexkey/secret.exe'],
    ['no file type', 'app://plexkey/assets'],
    ['not a URL', 'plexkey'],
  ])('refuses %s', (_what, url) => {
    expect(resolveAppFile(url, root)).toBeNull()
  })

  it.each([
    ['dot segments', 'app://plexkey/../secret.txt'],
    ['encoded dot segments', 'app://plexkey/%2e%2e/secret.txt'],
  ])('keeps %s inside the renderer directory', (_what, url) => {
    // URL parsing removes dot segments before the path is read, so these name a file in the root.
    expect(resolveAppFile(url, root)).toBe(join(root, 'secret.txt'))
  })

  it('never leaves the renderer directory', () => {
    expect(resolveAppFile('app://plexkey/../secret.txt', root)).not.toBe(outside)
    expect(resolveAppFile('app://plexkey/..%2fsecret.txt', root)).toBeNull()
  })
})

describe('serveAppRequest', () => {
  const csp = "default-src 'none'"

  it('serves files with their type, the CSP and nosniff', async () => {
    const response = await serveAppRequest('app://plexkey/index.html', root, csp)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(csp)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>Plexkey</title>')
    const script = await serveAppRequest('app://plexkey/assets/index-abc.js', root, csp)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('answers 404, still with the CSP, for a missing file or a refused path', async () => {
    for (const url of ['app://plexkey/missing.js', 'app://plexkey/..%2fsecret.txt', 'app://evil/index.html']) {
      const response = await serveAppRequest(url, root, csp)
      expect(response.status, url).toBe(404)
      expect(response.headers.get('content-security-policy')).toBe(csp)
      expect(await response.text()).not.toContain('do-not-serve')
    }
  })
})

describe('the app scheme', () => {
  it('is standard and secure, and does not bypass the CSP', () => {
    expect(appSchemePrivileges).toEqual({ scheme: 'app', privileges: { standard: true, secure: true } })
  })
})
