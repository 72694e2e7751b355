import type { AccountListing, AccountView, AppError, ErrorCode, IdentitiesView, PinView, ProfileListing, SignInState, Snapshot } from '../../preload/api'

/** A fixed "now" so countdowns and relative times are exact. */
export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)

export function snapshot(seq: number, state: SignInState): Snapshot {
  return { seq, state }
}

export function linkPin(overrides: Partial<PinView> = {}): PinView {
  return {
    mode: 'link',
    pinId: 1001,
    code: 'AB7Q',
    url: 'https://plex.tv/link',
    qrPayload: 'https://plex.tv/link?code=AB7Q',
    expiresAt: NOW + 15 * 60_000,
    renewals: 0,
    ...overrides,
  }
}

export function browserPin(overrides: Partial<PinView> = {}): PinView {
  return {
    mode: 'browser',
    pinId: 2002,
    code: 'k3v9xq2mz8w1r4t6y7u5p0s2a',
    url: 'https://app.plex.tv/auth#?clientID=test-client&code=k3v9xq2mz8w1r4t6y7u5p0s2a&context%5Bdevice%5D%5Bproduct%5D=Plexkey',
    qrPayload: null,
    expiresAt: NOW + 30 * 60_000,
    renewals: 0,
    ...overrides,
  }
}

export function account(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 42,
    uuid: 'c0ffee00-0000-4000-8000-000000000042',
    username: 'jdoe',
    title: 'Jane Doe',
    email: 'jane@example.com',
    avatar: null,
    hasPlexPass: true,
    ...overrides,
  }
}

export function signedIn(overrides: Partial<Extract<SignInState, { kind: 'signed-in' }>> = {}): SignInState {
  return {
    kind: 'signed-in',
    account: account(),
    checkedAt: NOW - 3 * 60_000,
    health: 'ok',
    nextCheckAt: null,
    storage: { name: 'GNOME Keyring (Secret Service)', service: 'plexkey', account: 'jdoe' },
    ...overrides,
  }
}

type Waiting = Extract<SignInState, { kind: 'waiting' }>

export function waiting(
  pins: readonly PinView[],
  retry: Waiting['retry'] = null,
  more: Partial<Pick<Waiting, 'starting' | 'failed'>> = {},
): SignInState {
  return { kind: 'waiting', pins, starting: [], failed: [], retry, ...more }
}

export function appError(code: ErrorCode, extra: Partial<AppError> = {}): AppError {
  return { code, message: `main says: ${code}`, retryable: code !== 'keychain', ...extra }
}

export function errorState(code: ErrorCode, extra: Partial<AppError> = {}): SignInState {
  return { kind: 'error', error: appError(code, extra) }
}

/** The signed-in account as the switcher lists it (the same person as `account()`). */
export function accountListing(overrides: Partial<AccountListing> = {}): AccountListing {
  return { uuid: account().uuid, username: 'jdoe', title: 'Jane Doe', avatar: null, active: true, needsAttention: false, ...overrides }
}

/** A second account on the same desktop, not active. */
export const SECOND = accountListing({ uuid: 'beef0000-0000-4000-8000-000000000024', username: 'jürgen.zweit', title: 'Jürgen Zweitkonto', active: false })

export function profileListing(overrides: Partial<ProfileListing> = {}): ProfileListing {
  return { uuid: 'home-owner', title: 'Jane Doe', avatar: null, admin: false, protected: false, restricted: false, active: false, ...overrides }
}

/** Jane's Plex Home: herself (active), a protected child, a partner, and a long non-ASCII name. */
export const OWNER = profileListing({ uuid: 'home-owner', title: 'Jane Doe', admin: true, active: true })
export const KID = profileListing({ uuid: 'home-kid', title: 'Robin', protected: true, restricted: true })
export const PARTNER = profileListing({ uuid: 'home-partner', title: 'Sam', avatar: 'data:image/png;base64,iVBORw0KGgo=' })
export const LONG = profileListing({ uuid: 'home-long', title: 'Åsa-Märta Øvergård-Þórðardóttir 山田花子のプロフィール ÉÎÕÜ ñçßğ ŁŽĆęąÿ' })

export function identities(overrides: Partial<IdentitiesView> = {}): IdentitiesView {
  return { accounts: [accountListing(), SECOND], profiles: { kind: 'listed', profiles: [OWNER, KID, PARTNER, LONG] }, ...overrides }
}
