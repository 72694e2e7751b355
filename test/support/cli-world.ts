import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type FakePlex, type FakePlexOptions, startFakePlex } from '../fake-plex/server'
import { type PrivateKeyring, startPrivateKeyring } from './private-keyring'

export const repoRoot = resolve(__dirname, '../..')
export const plexkeyBin = join(repoRoot, 'bin/plexkey')
const builtCli = join(repoRoot, 'out/main/cli.js')

/** The CLI tests run the build, as a user does; scripts/test.sh builds before the suite. */
export function requireBuiltCli(): void {
  if (!existsSync(builtCli)) {
    throw new Error(`${builtCli} is missing: run \`npm run build\` (or \`npx electron-vite build\`) before the CLI tests.`)
  }
}

export interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** A `plexkey` process still running, with what it has written so far. */
export interface LiveRun {
  readonly child: ChildProcess
  stdout(): string
  stderr(): string
  /**
   * Resolves with the first line (without the newline) that `match` accepts, on stdout or stderr:
   * a terminal shows both, and `login` talks to people on stderr.
   */
  line(match: (line: string) => boolean): Promise<string>
  /** Resolves with the next JSON line (after those already taken) that `match` accepts. */
  json(match?: (value: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  readonly done: Promise<RunResult>
}

/**
 * One machine for the CLI: a fake plex.tv, a private real keychain, a config directory and a home
 * of its own. Every `plexkey` runs as a child process of the built CLI, with that environment.
 */
export interface CliWorld {
  readonly fake: FakePlex
  readonly keyring: PrivateKeyring
  readonly configDir: string
  readonly home: string
  /** The child environment; `extra` values of undefined remove a variable. */
  env(extra?: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv
  /** `stdin`: written to the command's stdin, which then ends; without it stdin is /dev/null. */
  run(args: readonly string[], extra?: Readonly<Record<string, string | undefined>>, stdin?: string): Promise<RunResult>
  start(args: readonly string[], extra?: Readonly<Record<string, string | undefined>>, stdin?: string): LiveRun
  /** Every file under the config directory and the home, with its content. */
  files(): Promise<ReadonlyMap<string, string>>
  /** The keychain items with service `plexkey`, as secret-tool sees them: account -> secret. */
  keychainItems(): Promise<Record<string, string>>
  /** Back to the start of a case: signed out of every account, and a plex.tv with no faults and its usual lifetimes. */
  reset(): Promise<RunResult>
  stop(): Promise<void>
}

export async function startCliWorld(options: FakePlexOptions = {}): Promise<CliWorld> {
  requireBuiltCli()
  const [fake, keyring, base] = await Promise.all([
    startFakePlex(options),
    startPrivateKeyring(),
    mkdtemp(join(tmpdir(), 'plexkey-cli-')),
  ])
  const configDir = join(base, 'config')
  const home = join(base, 'home')
  await mkdir(home)
  const children = new Set<ChildProcess>()

  const env = (extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv => {
    const merged: NodeJS.ProcessEnv = keyring.env({
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      PLEXKEY_CONFIG_DIR: configDir,
      PLEXKEY_PLEX_URL: fake.url,
      PLEXKEY_AUTH_URL: fake.authUrl,
    })
    // No display: nothing may pop up a real browser unless a test asks for one.
    delete merged['DISPLAY']
    delete merged['WAYLAND_DISPLAY']
    // Nor may the machine running the tests decide the way in: an SSH session takes the code way.
    for (const name of ['SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY']) delete merged[name]
    delete merged['PLEXKEY_LOG_LEVEL']
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete merged[key]
      else merged[key] = value
    }
    return merged
  }

  const start = (args: readonly string[], extra: Readonly<Record<string, string | undefined>> = {}, stdin?: string): LiveRun => {
    const child = spawn(process.execPath, [plexkeyBin, ...args], { cwd: repoRoot, env: env(extra), stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    children.add(child)
    if (stdin !== undefined) child.stdin?.end(stdin)
    let out = ''
    let errText = ''
    let jsonTaken = 0
    const waiters: (() => void)[] = []
    const wake = (): void => {
      for (const waiter of waiters.splice(0)) waiter()
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      wake()
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      errText += chunk.toString()
      wake()
    })
    const done = new Promise<RunResult>((resolveDone) => {
      child.once('close', (code, signal) => {
        children.delete(child)
        wake()
        resolveDone({ code, signal, stdout: out, stderr: errText })
      })
    })
    const completeLines = (text = out): string[] => text.split('\n').slice(0, -1)
    const waitFor = <T>(find: () => T | undefined, what: string): Promise<T> =>
      new Promise<T>((resolveFind, reject) => {
        const check = (): void => {
          const found = find()
          if (found !== undefined) return resolveFind(found)
          if (child.exitCode !== null || child.signalCode !== null) {
            return reject(new Error(`plexkey exited before ${what}.\nstdout:\n${out}\nstderr:\n${errText}`))
          }
          waiters.push(check)
        }
        check()
      })
    return {
      child,
      stdout: () => out,
      stderr: () => errText,
      line: (match) => waitFor(() => [...completeLines(), ...completeLines(errText)].find(match), 'the expected line'),
      json: (match = () => true) =>
        waitFor(() => {
          const lines = completeLines()
          for (let i = jsonTaken; i < lines.length; i += 1) {
            const value = JSON.parse(lines[i] ?? '') as Record<string, unknown>
            if (match(value)) {
              jsonTaken = i + 1
              return value
            }
          }
          return undefined
        }, 'the expected JSON line'),
      done,
    }
  }

  const filesUnder = async (dir: string, into: Map<string, string>): Promise<void> => {
    if (!existsSync(dir)) return
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory()) continue
      const path = join(entry.parentPath, entry.name)
      into.set(path, await readFile(path, 'utf8'))
    }
  }

  return {
    fake,
    keyring,
    configDir,
    home,
    env,
    start,
    run: (args, extra, stdin) => start(args, extra, stdin).done,
    files: async () => {
      const found = new Map<string, string>()
      await filesUnder(configDir, found)
      await filesUnder(home, found)
      return found
    },
    keychainItems: () => keyring.items(),
    reset: async () => {
      fake.clearFaults()
      fake.setLifetimes({ strongSec: 1800, linkSec: 900 })
      fake.setNextPinLifetime(null)
      fake.setJwtLifetime(7 * 24 * 3600)
      // Each logout signs out the active account; while it names another that became active, again.
      let out = await start(['logout']).done
      while (out.code === 0 && out.stderr.includes('is the active account now.')) out = await start(['logout']).done
      return out
    },
    stop: async () => {
      for (const child of children) child.kill('SIGKILL')
      await Promise.all([fake.close(), keyring.stop()])
      await rm(base, { recursive: true, force: true })
    },
  }
}
