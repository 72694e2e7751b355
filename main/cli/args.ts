import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import type { AuthScheme } from '../../preload/api'
import { quoteOutside } from '../core/text/control-chars'
import { nearMiss } from './near-miss'

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
    }
  | { readonly kind: 'status'; readonly json: boolean }
  /** `server` null: the account token; else that server's access token. */
  | { readonly kind: 'token'; readonly server: string | null }
  | { readonly kind: 'logout' }
  /** `allowInsecure`: `--allow-insecure`, the user's say-so to use a server over plain http off this machine. */
  | { readonly kind: 'servers'; readonly json: boolean; readonly allowInsecure: boolean }
  | { readonly kind: 'url'; readonly server: string; readonly allowInsecure: boolean }
  /** `command`: the program and its arguments, as given after `--`. */
  | {
      readonly kind: 'exec'
      readonly server: string | null
      readonly allowInsecure: boolean
      readonly command: readonly [string, ...string[]]
    }
  /** `topic` null: the overview; else the command whose help was asked for. */
  | { readonly kind: 'help'; readonly topic: CommandName | null }
  | { readonly kind: 'version' }

const COMMANDS = ['login', 'status', 'token', 'logout', 'servers', 'url', 'exec'] as const
export type CommandName = (typeof COMMANDS)[number]

export type Parsed = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly message: string }

const isCommand = (name: string | undefined): name is CommandName => COMMANDS.some((c) => c === name)

const OPTIONS: Readonly<Record<CommandName, ParseArgsOptionsConfig>> = {
  login: {
    link: { type: 'boolean' },
    'no-browser': { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    auth: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  status: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  token: { server: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  logout: { help: { type: 'boolean', short: 'h' } },
  servers: { json: { type: 'boolean' }, 'allow-insecure': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  url: { 'allow-insecure': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  exec: { server: { type: 'string' }, 'allow-insecure': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
}

/** Commands that take positional arguments. */
const TAKES_POSITIONALS: readonly CommandName[] = ['url']

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

/**
 * node:util's wording ("Unknown option '--x'") in this CLI's quoting, with the option the user
 * probably meant, made to point at the help. It quotes the argument (twice, for an unknown
 * option), so it is cut and escaped like every echoed value.
 */
function usageError(name: CommandName, error: unknown): Parsed {
  const raw = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
  const detail = quoteOutside(raw).replace(/'([^']*)'/g, '"$1"').replace(/\.?$/, '.')
  const unknown = /^Unknown option '(--?[^']+)'/.exec(raw)?.[1]
  const options = Object.keys(OPTIONS[name]).map((option) => `--${option}`)
  const meant = unknown === undefined ? null : nearMiss(unknown, options)
  const suggestion = meant === null ? '' : ` Did you mean ${meant}?`
  return { ok: false, message: `${detail}${suggestion} Run \`plexkey ${name} --help\` for the options.` }
}

/** "There is no command …", with the command the user probably meant; the word cut and escaped. */
function unknownCommand(word: string, topicOf: 'help' | null): Parsed {
  const meant = nearMiss(word, COMMANDS)
  const suggestion = meant === null ? '' : ` Did you mean \`plexkey ${topicOf === null ? '' : 'help '}${meant}\`?`
  return { ok: false, message: `There is no command "${quoteOutside(word)}".${suggestion} Run \`plexkey --help\` for the list.` }
}

/** Parses `plexkey <command> [options]`; never throws, never exits. */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined
    if (topic !== undefined && !isCommand(topic)) return unknownCommand(topic, 'help')
    return { ok: true, command: { kind: 'help', topic: topic ?? null } }
  }
  if (first === '--version' || first === '-v' || first === 'version') return { ok: true, command: { kind: 'version' } }
  if (!isCommand(first)) return unknownCommand(first, null)

  // exec's own options end at `--`; everything after it is the command, options and all.
  const split = first === 'exec' ? rest.indexOf('--') : -1
  const own = split >= 0 ? rest.slice(0, split) : rest
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
        },
      }
    }
    case 'status':
      return { ok: true, command: { kind: 'status', json: values['json'] === true } }
    case 'token':
      return { ok: true, command: { kind: 'token', server } }
    case 'logout':
      return { ok: true, command: { kind: 'logout' } }
    case 'servers':
      return { ok: true, command: { kind: 'servers', json: values['json'] === true, allowInsecure } }
    case 'url': {
      const [name, ...extra] = positionals
      if (name === undefined || name === '' || extra.length > 0) {
        return { ok: false, message: 'url needs one server name: plexkey url <server>. Run `plexkey servers` for the list.' }
      }
      return { ok: true, command: { kind: 'url', server: name, allowInsecure } }
    }
    case 'exec': {
      const [program, ...args] = split >= 0 ? rest.slice(split + 1) : []
      if (program === undefined || program === '') {
        return { ok: false, message: 'exec needs a command after `--`: plexkey exec [--server <server>] -- <command> [args…]' }
      }
      if (allowInsecure && server === null) return { ok: false, message: '--allow-insecure goes with --server: without it, exec talks to plex.tv only.' }
      return { ok: true, command: { kind: 'exec', server, allowInsecure, command: [program, ...args] } }
    }
  }
}
