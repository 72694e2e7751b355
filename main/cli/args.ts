import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import type { AuthScheme } from '../../preload/api'
import { quoteOutside } from '../core/text/control-chars'
import { isToolName } from '../core/tools/tool-name'
import type { IdentityChoice } from './identity-choice'
import { nearMiss } from './near-miss'

/**
 * `--user <u>` and `--pin-stdin` on the commands that hand out or use a token: the Home profile to
 * act as for this call only (null: the active one), and whether its PIN, if one is needed, comes
 * as one line on stdin (read first, whether needed or not) instead of from the terminal.
 */
export interface ProfileChoice {
  readonly user: string | null
  readonly pinStdin: boolean
}

/** The active profile, no PIN on stdin: what a command acts as when no option says otherwise. */
export const ACTIVE_PROFILE: ProfileChoice = { user: null, pinStdin: false }

export type Command =
  | {
      readonly kind: 'login'
      readonly link: boolean
      readonly browser: boolean
      readonly json: boolean
      /** Seconds to wait for approval; null: until the code has expired too many times. */
      readonly timeoutSec: number | null
      /** `--auth`: the sign-in scheme; null: the one the app's settings name (legacy by default). */
      readonly auth: AuthScheme | null
      /** `--add`: sign in another account beside those signed in, and make it the active one. */
      readonly add: boolean
    }
  | ({ readonly kind: 'status'; readonly json: boolean; readonly profile: ProfileChoice } & IdentityChoice)
  /** `server` null: the account token; else that server's access token. */
  | ({ readonly kind: 'token'; readonly server: string | null; readonly profile: ProfileChoice } & IdentityChoice)
  /** `account` null: the active account. */
  | { readonly kind: 'logout'; readonly account: string | null }
  | { readonly kind: 'accounts'; readonly json: boolean }
  /** `account`: a uuid, username or title, as `plexkey accounts` lists them. */
  | { readonly kind: 'switch'; readonly account: string }
  /**
   * `wide`: every name and address whole, whatever the terminal's width. `allowInsecure`:
   * `--allow-insecure`, the user's say-so to use a server over plain http off this machine.
   */
  | ({ readonly kind: 'servers'; readonly json: boolean; readonly wide: boolean; readonly allowInsecure: boolean; readonly profile: ProfileChoice } & IdentityChoice)
  | ({ readonly kind: 'url'; readonly server: string; readonly allowInsecure: boolean; readonly profile: ProfileChoice } & IdentityChoice)
  /** `command`: the program and its arguments, as given after `--`; `tool`: `--as`, whose own device's token is handed out. */
  | ({
      readonly kind: 'exec'
      readonly server: string | null
      readonly tool: string | null
      readonly allowInsecure: boolean
      readonly command: readonly [string, ...string[]]
      readonly profile: ProfileChoice
    } & IdentityChoice)
  | { readonly kind: 'devices'; readonly json: boolean }
  /** `device`: an id or an exact name; `yes`: remove without asking. */
  | { readonly kind: 'devices-revoke'; readonly device: string; readonly yes: boolean }
  /** `topic` null: the overview; else the command or shared subject whose help was asked for. */
  | { readonly kind: 'help'; readonly topic: HelpTopic | null }
  | { readonly kind: 'version' }
  | { readonly kind: 'users'; readonly json: boolean }
  | { readonly kind: 'tools'; readonly json: boolean }
  | { readonly kind: 'tools-revoke'; readonly tool: string }
  /** `name` null: `--owner`, back to the account itself. */
  | { readonly kind: 'user'; readonly name: string | null; readonly pinStdin: boolean }

const COMMANDS = ['login', 'status', 'token', 'logout', 'accounts', 'switch', 'servers', 'url', 'exec', 'devices', 'tools', 'users', 'user'] as const
export type CommandName = (typeof COMMANDS)[number]

export type Parsed = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly message: string }

const isCommand = (name: string | undefined): name is CommandName => COMMANDS.some((c) => c === name)

/** What every command shares has a help page of its own: `plexkey help exit-codes`. */
const SHARED_TOPICS = ['exit-codes', 'environment'] as const
export type HelpTopic = CommandName | (typeof SHARED_TOPICS)[number]
const HELP_TOPICS: readonly HelpTopic[] = [...COMMANDS, ...SHARED_TOPICS]
const isHelpTopic = (name: string): name is HelpTopic => HELP_TOPICS.some((t) => t === name)

/** The options of every command that can act as a Home profile for one call. */
/** `--account`, `--user` and `--pin-stdin`: whom a command that uses a token speaks for, this call only. */
const IDENTITY_OPTIONS: ParseArgsOptionsConfig = { account: { type: 'string' }, user: { type: 'string' }, 'pin-stdin': { type: 'boolean' } }

/** exec's own options that take a value: where they end, the command begins. */
const VALUED_EXEC_OPTIONS: ReadonlySet<string> = new Set(['--server', '--as', '--account', '--user'])

const OPTIONS: Readonly<Record<CommandName, ParseArgsOptionsConfig>> = {
  login: {
    link: { type: 'boolean' },
    'no-browser': { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    auth: { type: 'string' },
    add: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  status: { json: { type: 'boolean' }, ...IDENTITY_OPTIONS, help: { type: 'boolean', short: 'h' } },
  token: { server: { type: 'string' }, ...IDENTITY_OPTIONS, help: { type: 'boolean', short: 'h' } },
  logout: { account: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  accounts: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  switch: { help: { type: 'boolean', short: 'h' } },
  servers: { json: { type: 'boolean' }, wide: { type: 'boolean' }, 'allow-insecure': { type: 'boolean' }, ...IDENTITY_OPTIONS, help: { type: 'boolean', short: 'h' } },
  url: { 'allow-insecure': { type: 'boolean' }, ...IDENTITY_OPTIONS, help: { type: 'boolean', short: 'h' } },
  exec: { server: { type: 'string' }, as: { type: 'string' }, 'allow-insecure': { type: 'boolean' }, ...IDENTITY_OPTIONS, help: { type: 'boolean', short: 'h' } },
  devices: { json: { type: 'boolean' }, yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  users: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  tools: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  user: { owner: { type: 'boolean' }, 'pin-stdin': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
}

/** Commands that take positional arguments. */
const TAKES_POSITIONALS: readonly CommandName[] = ['url', 'devices', 'tools', 'user', 'switch']

/** Commands that may need a Home user's PIN, which is never taken as an argument. */
const PIN_COMMANDS: readonly CommandName[] = ['status', 'token', 'servers', 'url', 'exec', 'user']

/**
 * `--pin` refused before any other parsing, so that no message, suggestion or log line quotes it:
 * a command line is readable by every user of the machine.
 */
function pinArgument(words: readonly string[]): Parsed | null {
  if (!words.some((word) => word === '--pin' || word.startsWith('--pin='))) return null
  return {
    ok: false,
    message: 'A PIN is never taken on the command line, where other users of this computer can read it. Type it when asked, or pass it as one line on stdin with --pin-stdin.',
  }
}

/**
 * The longest --timeout: a day. Far longer than anyone waits at a prompt, and well inside what one
 * timer can hold (setTimeout fires at once for anything over about 24.8 days).
 */
export const MAX_TIMEOUT_SEC = 86_400

/** Whole seconds from 1 to MAX_TIMEOUT_SEC, or null. */
function parseTimeout(text: string): number | null {
  if (!/^\d{1,6}$/.test(text.trim())) return null
  const seconds = Number(text.trim())
  return seconds >= 1 && seconds <= MAX_TIMEOUT_SEC ? seconds : null
}

/** "There is no command …", with the command the user probably meant; the word cut and escaped. */
function unknownCommand(word: string, topicOf: 'help' | null): Parsed {
  const meant = nearMiss(word, topicOf === null ? COMMANDS : HELP_TOPICS)
  const suggestion = meant === null ? '' : ` Did you mean \`plexkey ${topicOf === null ? '' : 'help '}${meant}\`?`
  return { ok: false, message: `There is no command "${quoteOutside(word)}".${suggestion} Run \`plexkey --help\` for the list.` }
}

/** What each option that takes a value is given, as the help writes it. */
const VALUE_OF: Readonly<Record<string, string>> = {
  '--server': '<server>',
  '--as': '<tool>',
  '--timeout': '<seconds>',
  '--auth': 'jwt|legacy',
  '--user': '<user>',
  '--account': '<account>',
}

/**
 * node:util's parse errors ("Option '--server <value>' argument missing") in this CLI's own words,
 * with the option the user probably meant, made to point at the help. The error quotes the
 * argument, so it is cut and escaped like every echoed value.
 */
function usageError(name: CommandName, error: unknown): Parsed {
  const raw = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
  const help = `Run \`plexkey ${name} --help\` for the options.`
  const fail = (sentence: string): Parsed => ({ ok: false, message: `${sentence} ${help}` })
  const option = /^Option '(--[\w-]+)/.exec(raw)?.[1]
  if (option !== undefined && /argument (missing|is ambiguous)/.test(raw)) {
    // Ambiguous: the next word starts with "-", and may be either a value or the next option.
    const dash = /ambiguous/.test(raw) ? ` A value that starts with "-" is written ${option}=-value.` : ''
    return fail(`${option} needs a value: plexkey ${name} ${option} ${VALUE_OF[option] ?? '<value>'}.${dash}`)
  }
  if (option !== undefined && /does not take an argument/.test(raw)) return fail(`${option} takes no value.`)
  const unexpected = /^Unexpected argument '(.*)'\. /.exec(raw)?.[1]
  if (unexpected !== undefined) return fail(`Unexpected argument "${quoteOutside(unexpected)}": plexkey ${name} takes options only.`)
  const unknown = /^Unknown option '(-[^']*)'/.exec(raw)?.[1]
  if (unknown !== undefined) {
    const meant = nearMiss(unknown, Object.keys(OPTIONS[name]).map((known) => `--${known}`))
    return fail(`Unknown option "${quoteOutside(unknown)}".${meant === null ? '' : ` Did you mean ${meant}?`}`)
  }
  return fail(`${quoteOutside(raw).replace(/'([^']*)'/g, '"$1"').replace(/\.?$/, '.')}`)
}

/** The options `plexkey` takes before any command (-h and -v are their short forms). */
const TOP_OPTIONS = ['--help', '--version'] as const

/** "--verison", "-V": an option before any command, with the one the user probably meant. */
function unknownTopOption(word: string): Parsed {
  const letter = /^-([a-z])$/i.exec(word)?.[1]?.toLowerCase()
  const meant = letter === undefined ? nearMiss(word, TOP_OPTIONS) : (TOP_OPTIONS.find((option) => option[2] === letter) ?? null)
  const suggestion = meant === null ? '' : ` Did you mean \`plexkey ${meant}\`?`
  return { ok: false, message: `Unknown option "${quoteOutside(word)}".${suggestion} Run \`plexkey --help\` for the commands.` }
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * `plexkey exec` with no `--`: where its own options end (`--server <server>`, `--as=<tool>`, `--account`, `--user`, …) the
 * command begins, so the message can show the line as it should have been written. Null when
 * there is no command, or when what follows looks like a mistyped option of exec's own.
 */
function execWithoutSeparator(rest: readonly string[]): Parsed | null {
  let at = 0
  while (at < rest.length) {
    const word = rest[at] ?? ''
    if (VALUED_EXEC_OPTIONS.has(word)) at += 2
    else if ([...VALUED_EXEC_OPTIONS].some((option) => word.startsWith(`${option}=`))) at += 1
    else break
  }
  const command = rest.slice(at)
  if (command.length === 0 || (command[0] ?? '').startsWith('-')) return null
  const written = ['plexkey', 'exec', ...rest.slice(0, at), '--', ...command].map(shellWord).join(' ')
  return { ok: false, message: `Put \`--\` before the command to run: ${quoteOutside(written)}` }
}

/** Parses `plexkey <command> [options]`; never throws, never exits. */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined
    if (topic !== undefined && !isHelpTopic(topic)) return unknownCommand(topic, 'help')
    return { ok: true, command: { kind: 'help', topic: topic ?? null } }
  }
  if (first === '--version' || first === '-v' || first === 'version') return { ok: true, command: { kind: 'version' } }
  if (first.startsWith('-')) return unknownTopOption(first)
  if (!isCommand(first)) return unknownCommand(first, null)
  if (first === 'exec' && !rest.includes('--')) {
    const unseparated = execWithoutSeparator(rest)
    if (unseparated !== null) return unseparated
  }

  // exec's own options end at `--`; everything after it is the command, options and all.
  const split = first === 'exec' ? rest.indexOf('--') : -1
  const own = split >= 0 ? rest.slice(0, split) : rest
  if (PIN_COMMANDS.includes(first)) {
    const refused = pinArgument(own)
    if (refused !== null) return refused
  }
  const options: ParseArgsOptionsConfig = OPTIONS[first]
  let values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>
  let positionals: readonly string[]
  try {
    // exec without `--` takes words here only to say where they belong.
    const allowPositionals = TAKES_POSITIONALS.includes(first) || (first === 'exec' && split < 0)
    const parsed = parseArgs({ args: [...own], options, allowPositionals, strict: true })
    values = parsed.values
    positionals = parsed.positionals
  } catch (error) {
    return usageError(first, error)
  }
  if (values['help']) return { ok: true, command: { kind: 'help', topic: first } }
  const server = typeof values['server'] === 'string' ? values['server'] : null
  if (server === '') return { ok: false, message: '--server needs the name of a server. Run `plexkey servers` for the list.' }
  const allowInsecure = values['allow-insecure'] === true
  const user = typeof values['user'] === 'string' ? values['user'] : null
  if (user === '') return { ok: false, message: '--user needs the name of a Home user. Run `plexkey users` for the list.' }
  const profile: ProfileChoice = { user, pinStdin: values['pin-stdin'] === true }
  const account = typeof values['account'] === 'string' ? values['account'] : null
  if (account === '') return { ok: false, message: '--account needs an account: its uuid, username or title. Run `plexkey accounts` for the list.' }
  const identity: IdentityChoice = { account }

  switch (first) {
    case 'login': {
      let timeoutSec: number | null = null
      const timeout = values['timeout']
      if (typeof timeout === 'string') {
        timeoutSec = parseTimeout(timeout)
        if (timeoutSec === null) {
          return { ok: false, message: `--timeout needs a whole number of seconds from 1 to ${MAX_TIMEOUT_SEC}, not "${quoteOutside(timeout)}".` }
        }
      }
      const auth = values['auth']
      if (auth !== undefined && auth !== 'jwt' && auth !== 'legacy') {
        return { ok: false, message: `--auth must be "jwt" or "legacy", not "${quoteOutside(String(auth))}".` }
      }
      return {
        ok: true,
        command: {
          kind: 'login',
          link: values['link'] === true,
          browser: values['no-browser'] !== true,
          json: values['json'] === true,
          timeoutSec,
          auth: auth ?? null,
          add: values['add'] === true,
        },
      }
    }
    case 'status':
      return { ok: true, command: { kind: 'status', json: values['json'] === true, profile, ...identity } }
    case 'token':
      return { ok: true, command: { kind: 'token', server, profile, ...identity } }
    case 'logout':
      return { ok: true, command: { kind: 'logout', account } }
    case 'accounts':
      return { ok: true, command: { kind: 'accounts', json: values['json'] === true } }
    case 'switch': {
      const [name, ...extra] = positionals
      if (name === undefined || name === '' || extra.length > 0) {
        return { ok: false, message: 'switch needs one account: plexkey switch <account>. Run `plexkey accounts` for the list.' }
      }
      return { ok: true, command: { kind: 'switch', account: name } }
    }
    case 'servers':
      return { ok: true, command: { kind: 'servers', json: values['json'] === true, wide: values['wide'] === true, allowInsecure, profile, ...identity } }
    case 'url': {
      const [name, ...extra] = positionals
      if (name === undefined || name === '' || extra.length > 0) {
        return { ok: false, message: 'url needs one server name: plexkey url <server>. Run `plexkey servers` for the list.' }
      }
      return { ok: true, command: { kind: 'url', server: name, allowInsecure, profile, ...identity } }
    }
    case 'exec': {
      const [program, ...args] = split >= 0 ? rest.slice(split + 1) : []
      if (program === undefined || program === '') {
        return { ok: false, message: 'exec needs a command after `--`: plexkey exec [--server <server>] -- <command> [args…]' }
      }
      if (allowInsecure && server === null) return { ok: false, message: '--allow-insecure goes with --server: without it, exec talks to plex.tv only.' }
      const tool = typeof values['as'] === 'string' ? values['as'] : null
      if (tool !== null && !isToolName(tool)) return badToolName('--as', tool)
      return { ok: true, command: { kind: 'exec', server, tool, allowInsecure, command: [program, ...args], profile, ...identity } }
    }
    case 'tools':
      return toolsCommand(positionals, values['json'] === true)
    case 'devices':
      return devicesCommand(positionals, values['json'] === true, values['yes'] === true)
    case 'users':
      return { ok: true, command: { kind: 'users', json: values['json'] === true } }
    case 'user':
      return userCommand(positionals, values['owner'] === true, values['pin-stdin'] === true)
  }
}

/** A tool name that cannot be one: said with the rule, the name cut and escaped. */
function badToolName(where: string, name: string): Parsed {
  return { ok: false, message: `${where} takes a tool name of letters, digits, - and _, at most 32 characters, not "${quoteOutside(name)}".` }
}

/** `plexkey tools [--json]` or `plexkey tools revoke <tool>`. */
function toolsCommand(positionals: readonly string[], json: boolean): Parsed {
  const [action, tool, ...extra] = positionals
  if (action === undefined) return { ok: true, command: { kind: 'tools', json } }
  if (action !== 'revoke') {
    const meant = nearMiss(action, ['revoke']) === null ? '' : ' Did you mean `plexkey tools revoke`?'
    return { ok: false, message: `tools has no action "${quoteOutside(action)}".${meant} Run \`plexkey tools --help\`.` }
  }
  if (tool === undefined || extra.length > 0) return { ok: false, message: 'revoke needs one tool: plexkey tools revoke <tool>. Run `plexkey tools` for the list.' }
  if (!isToolName(tool)) return badToolName('tools revoke', tool)
  if (json) return { ok: false, message: '--json goes with the list: plexkey tools --json' }
  return { ok: true, command: { kind: 'tools-revoke', tool } }
}

/** `plexkey user <name> [--pin-stdin]` or `plexkey user --owner`. */
function userCommand(positionals: readonly string[], owner: boolean, pinStdin: boolean): Parsed {
  const [name, ...extra] = positionals
  if (owner) {
    if (name !== undefined) return { ok: false, message: 'Give a Home user or --owner, not both: plexkey user <name> | plexkey user --owner' }
    return { ok: true, command: { kind: 'user', name: null, pinStdin } }
  }
  if (name === undefined || name === '' || extra.length > 0) {
    return { ok: false, message: 'user needs one Home user, by name or uuid: plexkey user <name>, or plexkey user --owner. Run `plexkey users` for the list.' }
  }
  return { ok: true, command: { kind: 'user', name, pinStdin } }
}

/** `plexkey devices [--json]` or `plexkey devices revoke <device> [--yes]`. */
function devicesCommand(positionals: readonly string[], json: boolean, yes: boolean): Parsed {
  const [action, device, ...extra] = positionals
  if (action === undefined) {
    if (yes) return { ok: false, message: '--yes goes with revoke: plexkey devices revoke <device> --yes' }
    return { ok: true, command: { kind: 'devices', json } }
  }
  if (action !== 'revoke') {
    const meant = nearMiss(action, ['revoke']) === null ? '' : ' Did you mean `plexkey devices revoke`?'
    return { ok: false, message: `devices has no action "${quoteOutside(action)}".${meant} Run \`plexkey devices --help\`.` }
  }
  if (device === undefined || device === '' || extra.length > 0) {
    return { ok: false, message: 'revoke needs one device, by id or exact name: plexkey devices revoke <device>. Run `plexkey devices` for the list.' }
  }
  if (json) return { ok: false, message: '--json goes with the list: plexkey devices --json' }
  return { ok: true, command: { kind: 'devices-revoke', device, yes } }
}
