// Makes sure the Electron binary is installed before anything launches or packages the app.
//
// The `electron` package holds no binary and has no install script: it downloads one the first time
// `require('electron')` runs, and electron-vite reads node_modules/electron/path.txt, which only that
// download writes. So `npm start` on a fresh clone would fail with "Electron uninstall". This runs the
// package's own installer first (it does nothing when the binary is there) and, when the download
// fails, says so in one line instead of a stack trace.
//
// Exit status: 0 when the binary is ready, 1 when it is not. With --tests the line says that the
// real-Electron tests did not run (scripts/test-electron.sh then ends with status 0).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const forTests = process.argv.includes('--tests')
const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))

const installed = () => {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist'), readFileSync(pathFile, 'utf8')))
}

if (!installed()) {
  // On stderr: when the download fails, the one line on stdout is all there is to read.
  console.error(`Downloading Electron ${version} (once)...`)
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8' })
  if (run.status !== 0 || !installed()) {
    // The installer's last line names the cause (e.g. "TypeError: fetch failed", a 404 from a mirror).
    const output = `${run.stderr ?? ''}\n${run.stdout ?? ''}`.split('\n').map((line) => line.trim()).filter(Boolean)
    const cause = (output.find((line) => /error/i.test(line)) ?? output.at(-1) ?? run.error?.message ?? 'no reason given')
      .replace(/[^\x20-\x7e]/g, '?')
      .slice(0, 160)
    const what = forTests ? 'so the real-Electron tests did not run (nothing passed or failed)' : 'so Plexkey cannot start'
    // Someone who wanted to see Plexkey still can: the plexkey command needs no Electron.
    const meanwhile = forTests ? '' : ' Meanwhile, `npm run demo` shows the plexkey command, which needs no Electron.'
    console.log(
      `No Electron binary: Electron ${version} could not be downloaded (${cause}), ${what}. Connect to the network and run it again, or set ELECTRON_MIRROR to a reachable mirror.${meanwhile}`,
    )
    process.exit(1)
  }
}
