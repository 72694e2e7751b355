import type { HelpTopic } from './args'

const EXIT_CODES = `Usage: plexkey help exit-codes

Exit status, the same for every command:
  0    success (status: signed in and accepted by plex.tv)
  1    not signed in (status, token, accounts), no server, device, tool,
       account or Home user of that name, no Plex Home (users), or another
       failure
  2    plex.tv does not accept the token: the saved one was removed
       (status, token), the one just issued was refused (login), or the
       account's or tool's was refused (exec --as)
  3    plex.tv could not be reached or kept failing (5xx); the sign-in state
       is unknown. url, exec --server: no address of the server answered as
       that server, or only over plain http (see --allow-insecure)
  4    the OS keychain is unreachable, locked or refused access, or holds a
       malformed Plexkey entry (plexkey logout removes it)
  5    login: not approved in time (--timeout, or the code expired too often)
  6    a Home user's PIN was needed and not given, was wrong, or must wait
       after three wrong ones in a row (user, --user); nothing changed
  64   unknown command or option, a bad option or environment value, a
       server, device, account or Home user name that fits more than one, a
       tool name that is not one, a PIN given as an argument, or devices
       revoke with no terminal to ask on and no --yes
  126  exec: the command was found but could not be run
  127  exec: no such command
  130  interrupted with Ctrl-C
  141  login: nobody reads its output any more (a closed pipe)
Once exec has started its command, the status is the command's (128+n if
signal n ended it).`

const ENVIRONMENT = `Usage: plexkey help environment

Environment variables every command reads:
  PLEXKEY_CONFIG_DIR  config directory (holds the client id, never the token).
                      Default: Linux $XDG_CONFIG_HOME/Plexkey, else
                      ~/.config/Plexkey; macOS
                      ~/Library/Application Support/Plexkey; Windows
                      %APPDATA%\\Plexkey
  PLEXKEY_PLEX_URL    replaces the plex.tv API hosts
                      (https://plex.tv, https://clients.plex.tv)
  PLEXKEY_AUTH_URL    replaces the hosted sign-in page https://app.plex.tv/auth
                      (both URLs: https, or http only for 127.0.0.1, ::1 or
                      localhost; another value is exit 64)
  PLEXKEY_LOG_LEVEL   debug, info, warn or error: write diagnostic lines to
                      stderr (tokens masked)`

const LOGIN = `Usage: plexkey login [--add] [--link] [--no-browser] [--json]
                     [--timeout <seconds>] [--auth jwt|legacy]

Signs in to Plex with a plex.tv PIN and keeps the token in the OS keychain.
By default it opens the Plex sign-in page in your browser; with no display,
or over SSH, it shows a 4-character code instead. What to do goes to stderr,
the outcome to stdout. The code is renewed when it expires; Ctrl-C cancels.
Already signed in, it does nothing unless --add is given.

Options:
  --add                sign in another account as well, keeping those signed
                       in, and make it the active one (signing in again as an
                       account already signed in refreshes its token)
  --link               use a 4-character code typed at https://plex.tv/link
                       instead (prints the code, and on a terminal a QR code)
  --no-browser         do not open a browser; print the sign-in page's address
                       to open on any device
  --json               print one JSON object per line per change (kind, code,
                       url, pinId, expiresAt while waiting; the account at the
                       end); never the token
  --timeout <seconds>  give up if not approved within this many seconds, a
                       whole number from 1 to 86400 (exit 5)
  --auth jwt|legacy    jwt: a device key kept in the keychain and a short-lived
                       Plex JWT renewed silently; legacy: a long-lived token.
                       Default: the app's setting, else legacy. Applies to a
                       new sign-in: run \`plexkey logout\` first to switch.
  -h, --help           show this help`

/**
 * The options of every command that can act as another account or Home profile for one call:
 * each option on its own line, its description from `column`.
 */
function identityOptions(column: number): string {
  const rows: readonly (readonly [string, readonly string[]])[] = [
    ['--account <account>', ['that signed-in account (uuid, username or title) for', 'this call only; the active account stays as it is']],
    ['--user <user>', ['act as this Home user (name or uuid) for this call only;', 'a PIN it needs is asked without echo']],
    ['--pin-stdin', ['read that PIN as the first line of stdin instead']],
  ]
  const pad = ' '.repeat(column)
  return rows.map(([option, text]) => `  ${option}\n${text.map((line) => `${pad}${line}`).join('\n')}`).join('\n')
}

const STATUS = `Usage: plexkey status [--json] [--account <account>] [--user <user>]
                      [--pin-stdin]

Asks plex.tv whether the saved token is still accepted, then prints the
account, the Home profile in use when it is not the account's own, and where
the token is kept. Exit 0 signed in and accepted, 1 not signed in, 2 token
rejected (it is removed), 3 plex.tv unreachable, 4 keychain unavailable.

Options:
  --json      print one JSON object instead of text. Its "status" is
              signed-in, signed-out, token-rejected, unreachable, or error:
              then "error" holds the code and message, and the exit status
              follows the code
${identityOptions(14)}
  -h, --help  show this help`

const TOKEN = `Usage: plexkey token [--server <server>] [--account <account>]
                     [--user <user>] [--pin-stdin]

Prints the saved Plex token (the active Home profile's, see plexkey user) and
a newline, nothing else, for scripts:
  curl -H "X-Plex-Token: $(plexkey token)" ...
Does not contact plex.tv, except to renew a device-key token (--auth jwt) that
expires within a day; the renewed one is saved and printed. Exit 1 when not
signed in, 2 when plex.tv refused the renewal (the sign-in is removed), 3 when
an expired token could not be renewed, 4 when the keychain is unavailable.
\`plexkey exec\` hands a token to a command without it being on a command line.

Options:
  --server <server>  print that Media Server's access token instead (asks
                     plex.tv; no server is contacted, unless that token is a
                     Plex JWT: then the server is asked once, at the address
                     that proved to be it, whether it takes the JWT; if it
                     refuses, the token of Plexkey's own device "plexkey
                     (Plexkey)" is printed instead, said on stderr)
${identityOptions(21)}
  -h, --help         show this help`

const SERVERS = `Usage: plexkey servers [--json] [--wide] [--allow-insecure]
                       [--account <account>] [--user <user>] [--pin-stdin]

Lists the account's Plex Media Servers: owned or shared, and whether one of
its addresses answers as that server, with the address chosen, its kind
(local, remote or relay) and its round-trip time; for a server that is
offline or unreachable, every address tried and what happened there. Every
address is asked GET /identity, which needs no token; only the server itself
is chosen, and a shared server's local addresses are never tried.

Options:
  --wide            every name and address whole (the table otherwise fits
                    the terminal, cutting long ones with …)
  --json            one JSON array, an object per server: name,
                    clientIdentifier, owned, state (online, unencrypted-only,
                    unreachable, offline), and url, connection, encrypted,
                    rttMs when online, or the addresses tried when not; never
                    a token
  --allow-insecure  use a server over plain http off this computer when it
                    answers no other way (named on stderr)
${identityOptions(20)}
  -h, --help        show this help`

const URL_HELP = `Usage: plexkey url <server> [--allow-insecure] [--account <account>]
                   [--user <user>] [--pin-stdin]

Prints the best base URL of the server and a newline: https before http,
local before remote before relay, taken as soon as no better one can answer
sooner. Plain http off this computer is used only with --allow-insecure. The
server is named by its name without regard to case, or by its
clientIdentifier. Exit 1 when no server has that name (the names are listed),
3 when none of its addresses answered (or only over plain http), 64 when the
name fits more than one.

Options:
  --allow-insecure  use plain http off this computer when the server answers
                    no other way (its token then crosses the network in the
                    clear; named on stderr)
${identityOptions(20)}
  -h, --help        show this help`

const EXEC = `Usage: plexkey exec [--as <tool>] [--server <server>] [--account <account>]
                    [--user <user>] [--pin-stdin] -- <command> [args...]

Runs the command with PLEX_TOKEN (the active Home profile's token, see plexkey
user) in its environment, never on a command line.
With --server, PLEX_TOKEN is that server's access token, and PLEX_URL,
PLEXAPI_AUTH_SERVER_BASEURL and PLEXAPI_AUTH_SERVER_TOKEN (read by
python-plexapi's PlexServer()) name its best address and token. The command
shares the terminal, receives the signals plexkey gets, and its exit status
is plexkey's (128+n if signal n ended it).
  plexkey exec --server Basement -- python3 script.py
  plexkey exec --as kometa --server Basement -- kometa --run

Options:
  --as <tool>        every token handed out is the tool's own: a device
                     "<tool> (Plexkey)" on your account, made on first use,
                     kept in the keychain, made again once plex.tv refuses it,
                     removed with \`plexkey tools revoke <tool>\`. Letters,
                     digits, - and _, up to 32. kometa also gets
                     KOMETA_PLEX_URL and KOMETA_PLEX_TOKEN, tautulli
                     TAUTULLI_PMS_URL and TAUTULLI_PMS_TOKEN
  --server <server>  hand that Media Server's address and token instead of
                     the account token (a Plex JWT the server refuses: the
                     token of Plexkey's own device, as \`token --server\`)
  --allow-insecure   with --server: use plain http off this computer when the
                     server answers no other way (named on stderr)
${identityOptions(21)}
  -h, --help         show this help`

const TOOLS = `Usage: plexkey tools [--json]
       plexkey tools revoke <tool>

Lists the tools with a device of their own (made by plexkey exec --as
<tool>): when each was made and when plex.tv last saw it.
revoke removes the tool's device from your Plex account and its token from
the keychain, then checks that plex.tv refuses that token; this desktop's own
sign-in is untouched. The next exec --as <tool> makes a new device. Exit 1
when no tool has that name, 3 when plex.tv could not be reached.

Options:
  --json      one JSON array, an object per tool: name, clientIdentifier,
              createdAt; never a token
  -h, --help  show this help`

const USERS = `Usage: plexkey users [--json]

Lists the profiles of the signed-in account's Plex Home, the owner's among
them: * marks the one in use (see plexkey user), then whether each is the Home's
admin, needs a PIN to switch to, and is restricted. Long names are cut with …
to fit the terminal. Exit 1 when the account has no Plex Home (or when not
signed in), 2 when plex.tv no longer accepts the token, 3 when plex.tv could
not be reached.

Options:
  --json      one JSON array, an object per profile: uuid, title, admin,
              protected (a PIN is needed), restricted, active; never a
              token or a PIN ([] when the account has no Plex Home)
  -h, --help  show this help`

const USER = `Usage: plexkey user <name> [--pin-stdin]
       plexkey user --owner

Makes a Home user of the signed-in account the profile in use: plexkey token,
exec, servers and url then act as it. The user is named by uuid, else by its
exact name, else by its name without regard to case. Its token is minted once
from the account's and kept in the keychain; a protected user's PIN is asked
on the terminal without echo when a token has to be minted. --owner goes back
to the account itself, with no PIN. After three wrong PINs in a row each try
waits (5 s, 10 s, 20 s... up to 5 minutes). Exit 1 when no Home user has that
name (the names are listed), 6 when the PIN was needed and not given, was
wrong, or must wait (nothing changes), 64 when the name fits more than one.

Options:
  --owner      back to the account's own profile
  --pin-stdin  read the PIN as the first line of stdin (never give it as an
               argument: other users can read a command line)
  -h, --help   show this help`

const LOGOUT = `Usage: plexkey logout [--account <account>]

Signs out the active account: tells plex.tv to forget the token (best
effort), then removes it from the keychain, with the account's Home profiles
and tools. The client id stays. When another account is signed in, the most
recently used one becomes active, and stderr says so. Exit 0 also when
already signed out, 1 when no account is the one named, 4 when the keychain
is unavailable, 64 when the name fits more than one account.

Options:
  --account <account>  sign out that account instead (its uuid, username or
                       title; the active one stays active)
  -h, --help           show this help`

const ACCOUNTS = `Usage: plexkey accounts [--json]

Lists the plex.tv accounts signed in to Plexkey, most recently used first;
* marks the active one, whose token plexkey token and the app hand out.
Long names are cut with … to fit the terminal. Reads the keychain only.
Exit 1 when no account is signed in. Add one with plexkey login --add.

Options:
  --json      one JSON array, an object per account: uuid, username, title,
              active; never a token ([] when none is signed in)
  -h, --help  show this help`

const SWITCH = `Usage: plexkey switch <account>

Makes another signed-in account the active one. The account is named by its
uuid, then its username, then its title, exactly; then the same without
regard to case. Exit 1 when no account is the one named (the accounts are
listed), 64 when the name fits more than one (give the uuid).

Options:
  -h, --help  show this help`

const DEVICES = `Usage: plexkey devices [--json]
       plexkey devices revoke <device> [--yes]

Lists where your Plex account is signed in, last seen first: this desktop and
the tools' own devices are marked, and one not seen for 90 days is "stale".
revoke removes a device, named by its id or its exact name, from the account,
then checks that plex.tv refuses its token. It asks first on a terminal; this
desktop itself is signed out with \`plexkey logout\` instead. Exit 1 when no
device has that id or name (or it was already removed), 64 when the name fits
more than one device or there is no terminal to ask on and no --yes.

Options:
  --json      one JSON array, an object per device: id, name, product,
              platform, clientIdentifier, lastSeenAt, thisDesktop, tool;
              never a token
  --yes       revoke without asking (for scripts)
  -h, --help  show this help`

const OVERVIEW = `Usage: plexkey <command> [options]

Commands:
  login     sign in (your browser by default, --link for a 4-character code)
  status    show the account and whether plex.tv accepts the token
  token     print the token for scripts
  logout    sign out and remove the token from the keychain
  accounts  list the accounts signed in (login --add signs in another)
  switch    make another signed-in account the active one
  servers   list the account's Media Servers and how each is reached
  url       print a server's best address
  exec      run a command with PLEX_TOKEN (and PLEX_URL) in its environment
  devices   list where the account is signed in; revoke one
  tools     list the tools with a device of their own (exec --as); revoke one
  users     list the profiles of the account's Plex Home
  user      act as one of those profiles (a Home user), or --owner

Examples:
  plexkey login --link     # sign in with a code typed on your phone
  plexkey exec --server Basement -- python3 script.py

-h, --help: show help (also plexkey <command> --help); -v, --version: version.
More help: plexkey help exit-codes, plexkey help environment`

const TOPICS: Readonly<Record<HelpTopic, string>> = {
  login: LOGIN,
  status: STATUS,
  token: TOKEN,
  logout: LOGOUT,
  accounts: ACCOUNTS,
  switch: SWITCH,
  servers: SERVERS,
  url: URL_HELP,
  exec: EXEC,
  devices: DEVICES,
  tools: TOOLS,
  users: USERS,
  user: USER,
  'exit-codes': EXIT_CODES,
  environment: ENVIRONMENT,
}

/** Where a command's page sends people for what every command shares. */
const SHARED = 'Exit statuses: plexkey help exit-codes. Environment: plexkey help environment.'

/** The widest line any help page may have: an 80-column terminal, without wrapping. */
export const HELP_WIDTH = 80

/** The tallest the overview may be: a 24-row terminal, with the prompt under it. */
export const OVERVIEW_ROWS = 23

/**
 * The overview (commands, examples, where to read more), a command's own page with a pointer to
 * what every command shares, or one of those shared pages: exit statuses, environment.
 */
export function helpText(topic: HelpTopic | null): string {
  if (topic === null) return `${OVERVIEW}\n`
  return topic === 'exit-codes' || topic === 'environment' ? `${TOPICS[topic]}\n` : `${TOPICS[topic]}\n\n${SHARED}\n`
}
