import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * A real GNOME Keyring on a D-Bus session bus of its own, for the keychain tests.
 *
 * Why not the bus the suite already runs in: that keyring stores its files under the shared home
 * directory, so its state (and the password it was first created with) leaks between runs and
 * between people. This one keeps its files in a temporary directory and is gone afterwards. Its bus
 * has no service activation, so nothing but this keyring can answer for org.freedesktop.secrets,
 * and a bus without one (`secretService: false`) is a machine with no keychain installed.
 */
export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  readonly address: string
  /** The environment for a child process that should use this keyring (and no other). */
  env(extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv
  /** Locks the login collection over D-Bus, as a screen lock or `Lock` in Seahorse does. */
  lock(): Promise<void>
  /** Stops the keyring and starts it again unlocked; the items it holds survive. */
  restart(): Promise<void>
  /** `secret-tool` (libsecret-tools), another Secret Service client, against this keyring. */
  secretTool(...args: string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>
  /**
   * Stores an item as another Secret Service client does (keytar finds only its own schema's
   * items, so the generic schema is named), labelled `plexkey/<account>` as keytar labels its own.
   */
  storeItem(account: string, secret: string): Promise<void>
  /**
   * The items of a keychain service as secret-tool lists them: account -> secret. It prints labels
   * and secrets on stdout (attributes only on stderr), so items are told apart by label, which
   * keytar sets to `<service>/<account>`; tests that write items themselves label them the same.
   */
  items(service?: string): Promise<Record<string, string>>
  stop(): Promise<void>
}

const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

const PASSWORD = 'plexkey-private-test'

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const newline = text.indexOf('\n')
      if (newline >= 0) resolve(text.slice(0, newline).trim())
    })
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address`)))
  })
}

export async function startPrivateKeyring(options: { readonly secretService?: boolean } = {}): Promise<PrivateKeyring> {
  const dir = await mkdtemp(join(tmpdir(), 'plexkey-keyring-'))
  const configFile = join(dir, 'bus.conf')
  await writeFile(configFile, BUS_CONFIG)
  const bus = spawn('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const address = await firstLine(bus)

  const env = (extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: address,
    // The keyring daemon keeps its files and control socket here, never in the real home.
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_RUNTIME_DIR: dir,
    ...extra,
  })

  const hasOwner = async (): Promise<boolean> => {
    const { stdout } = await run(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env: env() },
    )
    return /boolean true/.test(stdout)
  }

  let daemon: ChildProcess | null = null
  const startDaemon = async (): Promise<void> => {
    const child = spawn('gnome-keyring-daemon', ['--foreground', '--components=secrets', '--unlock'], {
      env: env(),
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    child.stdin?.end(PASSWORD)
    daemon = child
    for (let i = 0; i < 200; i += 1) {
      if (await hasOwner()) return
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error('gnome-keyring-daemon did not come up on the private bus')
  }
  const stopDaemon = async (): Promise<void> => {
    const child = daemon
    daemon = null
    if (!child) return
    child.kill('SIGTERM')
    await exited(child)
    // Wait until the bus has noticed, so the next daemon gets the name.
    for (let i = 0; i < 200 && (await hasOwner()); i += 1) await new Promise((resolve) => setTimeout(resolve, 25))
  }

  if (options.secretService !== false) await startDaemon()

  // secret-tool converts its arguments and output through the locale's charset: without a UTF-8
  // locale (a machine with no LANG) a non-ASCII account name is "Invalid byte sequence".
  const secretToolEnv = (): NodeJS.ProcessEnv => env({ LC_ALL: 'C.UTF-8' })
  const secretTool: PrivateKeyring['secretTool'] = async (...args) => {
    try {
      const { stdout, stderr } = await run('secret-tool', args, { env: secretToolEnv() })
      return { code: 0, stdout, stderr }
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string }
      return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
    }
  }

  return {
    address,
    env,
    lock: async () => {
      await run(
        'dbus-send',
        ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
        { env: env() },
      )
    },
    restart: async () => {
      await stopDaemon()
      await startDaemon()
    },
    secretTool,
    storeItem: (account, secret) =>
      new Promise<void>((resolve, reject) => {
        const args = ['store', `--label=plexkey/${account}`, 'xdg:schema', 'org.freedesktop.Secret.Generic', 'service', 'plexkey', 'account', account]
        const child = execFile('secret-tool', args, { env: secretToolEnv() }, (error) => (error ? reject(error) : resolve()))
        child.stdin?.end(secret)
      }),
    items: async (service = 'plexkey') => {
      const { stdout } = await secretTool('search', '--all', '--unlock', 'service', service)
      const found: Record<string, string> = {}
      for (const block of stdout.split(/^\[/m).slice(1)) {
        const account = block.match(/^label = (.*)$/m)?.[1]
        const secret = block.match(/^secret = (.*)$/m)?.[1]
        if (account?.startsWith(`${service}/`) && secret !== undefined) found[account.slice(service.length + 1)] = secret
      }
      return found
    },
    stop: async () => {
      await stopDaemon()
      bus.kill('SIGTERM')
      await exited(bus)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
