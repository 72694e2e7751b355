import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// electron-builder.yml can only be exercised with a real Electron binary; these lines guard the
// security-relevant settings against quiet edits.

const config = readFileSync('electron-builder.yml', 'utf8')

// Read as electron-builder reads it: with its own YAML parser, beside its own Linux package defaults.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'))
const yaml = builderRequire('js-yaml') as { load(text: string): unknown }
const FpmTarget = (builderRequire('./targets/FpmTarget') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default
const parsed = yaml.load(config) as { deb?: { depends?: readonly string[] }; mac?: { extendInfo?: Record<string, unknown> } }

/** `key: value` lines of one top-level block, e.g. electronFuses. */
function block(name: string): Record<string, string> {
  const lines = config.split('\n')
  const start = lines.indexOf(`${name}:`)
  expect(start, `${name} block`).toBeGreaterThanOrEqual(0)
  const entries: Record<string, string> = {}
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break
    const match = /^ {2}(\w+):\s*(.*)$/.exec(line)
    if (match?.[1]) entries[match[1]] = match[2] ?? ''
  }
  return entries
}

/** The `- item` lines of one top-level list, e.g. asarUnpack, with their quotes removed. */
function list(name: string): string[] {
  const lines = config.split('\n')
  const start = lines.indexOf(`${name}:`)
  expect(start, `${name} list`).toBeGreaterThanOrEqual(0)
  const items: string[] = []
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}- (.*)$/.exec(line)
    if (!match?.[1]) break
    items.push(match[1].replace(/^'(.*)'$/, '$1'))
  }
  return items
}

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config).toMatch(/^appId: tv\.plexkey\.app$/m)
    expect(config).toMatch(/^productName: Plexkey$/m)
  })

  it('sets the Electron fuses', () => {
    expect(block('electronFuses')).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableCookieEncryption: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    })
  })

  it('keeps keytar out of the archive and skips the native rebuild', () => {
    expect(config).toMatch(/^npmRebuild: false$/m)
    // Unpacked beside the archive, and not left out of the package by the files list.
    expect(list('asarUnpack')).toContain('**/node_modules/keytar/**')
    expect(list('files').filter((glob) => glob.startsWith('!') && /keytar|node_modules\/?\*/.test(glob))).toEqual([])
  })

  it('keeps every package electron-builder makes the .deb depend on: Electron cannot start without them', () => {
    const defaults = FpmTarget.prototype.getDefaultDepends('deb')
    expect(defaults).toEqual(expect.arrayContaining(['libgtk-3-0', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0', 'libnotify4']))
    // No list keeps the defaults; a list replaces them, so it would have to hold them all.
    const depends = parsed.deb?.depends ?? defaults
    expect(depends).toEqual(expect.arrayContaining(defaults))
  })

  it('builds every target with the hardened runtime on macOS', () => {
    expect(config).toMatch(/linux:\n {2}target:\n {4}- AppImage\n {4}- deb/)
    expect(config).toMatch(/mac:\n {2}target:\n {4}- dmg\n {4}- zip/)
    expect(config).toMatch(/win:\n {2}target:\n {4}- nsis/)
    expect(block('mac')).toMatchObject({ hardenedRuntime: 'true', entitlements: 'build/entitlements.mac.plist' })
    const entitlements = readFileSync('build/entitlements.mac.plist', 'utf8')
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>')
    expect(entitlements).not.toContain('allow-unsigned-executable-memory')
    expect(entitlements).not.toContain('disable-library-validation')
  })

  it('says in Info.plist why it reaches the local network: macOS refuses LAN probes of an app that does not', () => {
    const reason = parsed.mac?.extendInfo?.['NSLocalNetworkUsageDescription']
    expect(typeof reason).toBe('string')
    expect(reason).toMatch(/local network/)
  })
})
