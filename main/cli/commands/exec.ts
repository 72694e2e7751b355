import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import type { CredentialVault } from '../../core/account/credential-vault'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError } from '../output'
import { profileTokenOnly } from '../profile-access'
import { terminalSignalsReachChild } from './terminal-foreground'

/** Signals a person or a supervisor sends to stop or poke a program: the child gets them too. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']
/** The signals a terminal sends to its whole foreground process group when a key is typed. */
const KEYBOARD: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT'])

/** The variables handed to a command, or the exit status once the reason was printed. */
export type Variables = { readonly ok: true; readonly vars: Readonly<Record<string, string>> } | { readonly ok: false; readonly exit: ExitCode }

/** The variables handed to the command; python-plexapi's PlexServer() reads the PLEXAPI_AUTH_* pair. */
async function plexVariables(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'exec' }>,
): Promise<Variables> {
  const { server, allowInsecure, tool, profile } = command
  // Loaded only with --as: the tool's device needs plex.tv and the tools' keychain entry.
  if (tool !== null) return (await import('./exec-as')).toolVariables(io, environment, vault, tool, server, allowInsecure)
  if (server === null) {
    const token = await profileTokenOnly(io, environment, vault, profile)
    return token.ok ? { ok: true, vars: { PLEX_TOKEN: token.token } } : token
  }
  // Loaded only with --server: without it, exec needs the keychain alone, like `token`.
  const { reachServer } = await import('./url')
  const reached = await reachServer(io, environment, vault, server, allowInsecure, profile)
  if (!reached.ok) return reached
  const { checkedServerToken } = await import('../server-token-check')
  const checked = await checkedServerToken(io, environment, vault, reached.server, reached.token, reached.url)
  if (!checked.ok) return checked
  return {
    ok: true,
    vars: {
      PLEX_TOKEN: checked.token,
      PLEX_URL: reached.url,
      PLEXAPI_AUTH_SERVER_BASEURL: reached.url,
      PLEXAPI_AUTH_SERVER_TOKEN: checked.token,
    },
  }
}

/**
 * `plexkey exec [--server <server>] -- <command> [args…]`: runs the command with the token in its
 * environment, never in any argv (a process list shows argv to every user of the machine). stdio
 * is the command's own; the signals above are passed on; the exit status is the command's, or
 * 128+n when signal n ended it, as a shell reports it.
 */
export async function runExec(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'exec' }>,
): Promise<number> {
  const variables = await plexVariables(io, environment, vault, command)
  if (!variables.ok) return variables.exit
  const [program, ...args] = command.command
  return new Promise<number>((resolve) => {
    const child = spawn(program, args, { stdio: 'inherit', env: { ...environment.env, ...variables.vars } })
    // plexkey must never die of a signal before the command has finished, so it listens to them
    // all. Ctrl-C and Ctrl-\ typed in the terminal reach the command straight from the terminal
    // (same foreground process group): passing them on too would make the command see each key
    // twice. sudo makes the same choice (it does not relay a terminal-generated signal to a command
    // in its own process group); a shell's foreground job simply gets the terminal's. Node cannot
    // see who sent a signal, so in the terminal's foreground a SIGINT or SIGQUIT is taken to be
    // the keyboard's; SIGTERM, SIGHUP and the user signals are always passed on.
    const forward = (signal: NodeJS.Signals): void => {
      if (KEYBOARD.has(signal) && terminalSignalsReachChild()) return
      child.kill(signal)
    }
    for (const signal of FORWARDED) process.on(signal, forward)
    const done = (status: number): void => {
      for (const signal of FORWARDED) process.off(signal, forward)
      resolve(status)
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT'
      printError(io, missing ? `Command not found: ${program}` : `Could not run ${program}: ${error.code ?? error.message}`)
      done(missing ? EXIT.notFound : EXIT.cannotRun)
    })
    child.once('exit', (code, signal) => {
      done(code ?? 128 + (signal ? constants.signals[signal] : 0))
    })
  })
}
