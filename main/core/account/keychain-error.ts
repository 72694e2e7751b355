import type { AppError } from '../../../preload/api'

/** Where the failure happened: loading the native keychain module, or a call into the keychain. */
export type KeychainStage = 'load' | 'call'

interface Explanation {
  readonly message: string
  /** True when trying again can work without changing the machine (an unlock, a second click). */
  readonly retryable: boolean
}

interface Rule {
  readonly match: RegExp
  readonly explain: Explanation
}

const LINUX_NO_BUS: Explanation = {
  message:
    'No D-Bus session is running, so the keychain (Secret Service) cannot be reached. ' +
    'Run Plexkey in a desktop session, or start one with dbus-run-session and a Secret Service such as gnome-keyring-daemon or KeePassXC.',
  retryable: false,
}

const LINUX_NO_SERVICE: Explanation = {
  message:
    'No Secret Service keychain is running. Install and start GNOME Keyring (package gnome-keyring) ' +
    "or turn on KeePassXC's Secret Service integration, then try again from your desktop session.",
  retryable: false,
}

const LINUX_LOCKED: Explanation = {
  message:
    'The login keyring is locked. Unlock it (for example in Passwords and Keys, or by signing in to your desktop again) and try again.',
  retryable: true,
}

const LINUX_NO_COLLECTION: Explanation = {
  message:
    'The keychain has no default keyring to store the token in. Create a "login" keyring in Passwords and Keys (Seahorse), ' +
    'or set a default collection in your Secret Service, then try again.',
  retryable: false,
}

// The Secret Service wordings seen in the field, most specific first (see the README's keychain notes).
const LINUX_RULES: readonly Rule[] = [
  { match: /cannot autolaunch d-?bus|could not connect|dbus_session_bus_address|dbus-launch|failed to connect to socket/i, explain: LINUX_NO_BUS },
  { match: /org\.freedesktop\.secrets was not provided|serviceunknown|no such name/i, explain: LINUX_NO_SERVICE },
  { match: /locked|prompt.*dismiss|dismissed|cancelled/i, explain: LINUX_LOCKED },
  { match: /object does not exist|no such interface|no such object|collection\/login/i, explain: LINUX_NO_COLLECTION },
]

const MAC_RULES: readonly Rule[] = [
  {
    // errSecUserCanceled (-128) and errSecAuthFailed (-25293): the user said no, or the password was wrong.
    match: /user canceled|-128\b|-25293|authorization\/authentication failed/i,
    explain: {
      message:
        'macOS Keychain access was refused. Run the command again and choose Allow (or Always Allow) when macOS asks, entering your login password if needed.',
      retryable: true,
    },
  },
  {
    // errSecInteractionNotAllowed (-25308): locked keychain and no way to ask, typically over SSH.
    match: /-25308|interaction is not allowed|user interaction is not allowed/i,
    explain: {
      message:
        'The macOS login keychain is locked and cannot ask to be unlocked here (for example over SSH). Run `security unlock-keychain` and try again.',
      retryable: true,
    },
  },
  {
    // errSecNoSuchKeychain (-25294) and errSecNotAvailable (-25291).
    match: /-25294|-25291|no keychain|could not be found/i,
    explain: {
      message:
        'No usable macOS keychain was found. Open Keychain Access and use Keychain First Aid, or reset your default keychain, then try again.',
      retryable: false,
    },
  },
]

const WINDOWS_RULES: readonly Rule[] = [
  {
    // ERROR_NO_SUCH_LOGON_SESSION (1312): no Credential Manager for this session (services, some SSH logons).
    match: /logon session|1312/i,
    explain: {
      message:
        'Windows Credential Manager is not available in this logon session (for example over SSH or as a service). Run Plexkey from your own desktop session.',
      retryable: false,
    },
  },
  {
    match: /access is denied|permission/i,
    explain: {
      message: 'Windows Credential Manager refused access. Sign in to Windows as yourself (not as another user or service) and try again.',
      retryable: false,
    },
  },
]

function rulesFor(platform: NodeJS.Platform): readonly Rule[] {
  if (platform === 'darwin') return MAC_RULES
  if (platform === 'win32') return WINDOWS_RULES
  return LINUX_RULES
}

/** What the store is called where its user will look for it. */
export function keychainStoreName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain'
  if (platform === 'win32') return 'Windows Credential Manager'
  return 'Secret Service keychain'
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message
  return typeof cause === 'string' ? cause : 'unknown failure'
}

function loadFailure(text: string, platform: NodeJS.Platform): Explanation {
  if (platform !== 'darwin' && platform !== 'win32' && /libsecret/i.test(text)) {
    return {
      message:
        'The keychain library libsecret is missing or broken. Install it (Debian and Ubuntu: sudo apt install libsecret-1-0; Fedora: sudo dnf install libsecret) and try again.',
      retryable: false,
    }
  }
  return {
    message: `The keychain module could not be loaded (${text}). Reinstall Plexkey, or rebuild it with npm rebuild keytar.`,
    retryable: false,
  }
}

/**
 * Turns whatever the keychain threw into an error the user can act on: what is wrong, and how to
 * fix it on this operating system. The raw text is kept only when no explanation fits.
 */
export function keychainError(cause: unknown, platform: NodeJS.Platform, stage: KeychainStage): AppError {
  const text = describeCause(cause)
  const explained =
    stage === 'load'
      ? loadFailure(text, platform)
      : (rulesFor(platform).find((rule) => rule.match.test(text))?.explain ?? {
          message: `The ${keychainStoreName(platform)} refused the request (${text}). Check that it is running and unlocked, then try again.`,
          retryable: true,
        })
  return { code: 'keychain', message: explained.message, retryable: explained.retryable }
}
