import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The layers of main/: core is plain Node, shared by the app and the CLI; the app is the Electron
// edge. An import the other way would drag Electron (or the app's composition) into the CLI and
// into the core's Node tests, so it is caught here, from the source, before anything runs.

const root = resolve(__dirname, '../..')

interface Import {
  /** The importing file, from the repository root. */
  readonly from: string
  /** The module as written. */
  readonly specifier: string
  /** Where a relative specifier points, from the repository root; the specifier otherwise. */
  readonly target: string
}

// `import … from '…'`, `export … from '…'`, `import '…'`, `import('…')` and `require('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm

async function importsUnder(folder: string): Promise<readonly Import[]> {
  const found: Import[] = []
  for (const entry of await readdir(join(root, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    const from = relative(root, path)
    for (const match of (await readFile(path, 'utf8')).matchAll(SPECIFIER)) {
      const specifier = match[2] ?? ''
      const target = specifier.startsWith('.') ? relative(root, resolve(dirname(path), specifier)) : specifier
      found.push({ from, specifier, target })
    }
  }
  return found
}

const intoApp = ({ target }: Import): boolean => target === 'main/app' || target.startsWith('main/app/')
const electron = ({ target }: Import): boolean => target === 'electron' || target.startsWith('electron/')
const shown = ({ from, specifier }: Import): string => `${from} imports ${specifier}`

describe('the layers of main/', () => {
  it('nothing under main/core or main/cli imports from main/app', async () => {
    const imports = [...(await importsUnder('main/core')), ...(await importsUnder('main/cli'))]
    expect(imports.filter(intoApp).map(shown)).toEqual([])
  })

  it('nothing under main/core imports electron', async () => {
    expect((await importsUnder('main/core')).filter(electron).map(shown)).toEqual([])
  })

  it('sees the imports it judges: the CLI reaching into core, the app into electron', async () => {
    // Without these, a scan that found nothing at all would pass the two checks above.
    expect((await importsUnder('main/cli')).map(shown)).toContain('main/cli/index.ts imports ../core/account/keytar-vault')
    expect((await importsUnder('main/app')).filter(electron).length).toBeGreaterThan(0)
    expect((await importsUnder('main/app')).filter(intoApp).length).toBeGreaterThan(0)
  })
})
