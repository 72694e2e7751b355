import { homedir } from 'node:os'
import { version } from '../../package.json'
import { createKeytarVault, keychainLockFile } from '../core/account/keytar-vault'
import { resolveConfigDir } from '../core/config/config-dir'
import { createProcessLock } from '../core/config/process-lock'
import { redact } from '../core/log'
import { escapeControls } from '../core/text/control-chars'
import { cliLogger } from './cli-logger'
import { EXIT } from './exit-codes'
import { guardOutput } from './guarded-output'
import { runCli } from './run-cli'

/**
 * The `plexkey` command (bin/plexkey loads the build of this file): the Node edge of the same core
 * the app runs, with Node's fetch, the same config directory, client id and keychain entries.
 */
async function main(): Promise<void> {
  // stderr that cannot be written to has nowhere left to complain: its errors end nothing.
  process.stderr.on('error', () => undefined)
  const stdout = guardOutput(process.stdout, process.stderr)
  // A command held up by another's keychain change says so, when PLEXKEY_LOG_LEVEL asks.
  const waitLog = cliLogger({ env: process.env }, 'keychain')
  // A failed write is a failure whenever it is found, also after the command has finished.
  stdout.onEnd((end) => {
    if (end.kind === 'failed') process.exitCode = EXIT.failure
  })
  const code = await runCli(process.argv.slice(2), {
    io: { stdout: stdout.stream, stderr: process.stderr },
    environment: {
      env: process.env,
      platform: process.platform,
      homedir: homedir(),
      version,
      fetch: (url, init) => fetch(url, init),
    },
    // The lock file is shared with the app and every other command: see process-lock.ts.
    vault: () =>
      createKeytarVault({
        lock: createProcessLock({
          file: keychainLockFile(resolveConfigDir(process.env, process.platform, homedir())),
          onWait: (owner) => waitLog.info('waiting for another Plexkey process to finish with the keychain', { pid: owner?.pid ?? null }),
        }),
      }),
    hooks: {
      onInterrupt: (handler) => {
        process.on('SIGINT', handler)
        return () => process.off('SIGINT', handler)
      },
      onOutputEnd: (handler) => stdout.onEnd(handler),
    },
  })
  process.exitCode = stdout.ended()?.kind === 'failed' ? EXIT.failure : code
  // Everything is settled by now; a keep-alive socket must not hold the exit up. Unref'd, so a
  // process with nothing left to do exits at once without it.
  setTimeout(() => process.exit(), 2_000).unref()
}

main().catch((error: unknown) => {
  // Whatever failed may quote a token (a server's, the account's): masked as any log line is.
  process.stderr.write(`plexkey failed unexpectedly: ${escapeControls(redact(error instanceof Error ? error.message : String(error)))}\n`)
  process.exitCode = 1
})
