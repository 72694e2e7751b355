import type { FakeRequest } from './http-io'
import { plexParam, reply, replyError, send } from './http-io'
import type { HomeEntry } from './home-state'
import type { FakeState } from './state'
import type { FakeUser } from './types'
import { authenticate, userBody } from './users'
import { element, xmlDocument } from './xml'

/** plex.tv's words for a wrong or missing Home PIN (reference: plex-home-and-devices.md). */
const PIN_REQUIRED = 'A valid PIN is required to switch to this user'

/** The legacy endpoints answer XML whatever the client accepts. */
function asXml(r: FakeRequest): FakeRequest {
  return { ...r, json: false }
}

/** The caller's Home, or for an account without one what `noHome` says: a Home of one, or undefined (an error). */
function homeOf(state: FakeState, caller: FakeUser): readonly HomeEntry[] | undefined {
  const entries = state.homes.entriesFor(caller)
  if (entries) return entries
  if (state.homes.noHome === 'error') return undefined
  return [{ user: caller, admin: true, restricted: false, restrictionProfile: null, guest: false, pin: null }]
}

function noHome(r: FakeRequest): void {
  replyError(r, 404, undefined, 'User is not a member of a Plex Home')
}

function memberBody(entry: HomeEntry): Record<string, unknown> {
  const { user } = entry
  return {
    id: user.id,
    uuid: user.uuid,
    title: user.title,
    username: user.username,
    email: user.email,
    friendlyName: user.title,
    thumb: user.thumb,
    hasPassword: user.username !== '',
    restricted: entry.restricted,
    restrictionProfile: entry.restrictionProfile,
    admin: entry.admin,
    guest: entry.guest,
    protected: entry.pin !== null,
  }
}

/** GET /api/v2/home/users — the Home, its owner first. */
export function listHomeUsers(state: FakeState, r: FakeRequest): void {
  const auth = authenticate(state, r)
  if (!auth) return
  const entries = homeOf(state, auth.user)
  if (!entries) return noHome(r)
  const owner = entries[0]?.user ?? auth.user
  reply(r, 200, 'home', {
    id: owner.id + 1_000_000,
    name: `${owner.title}'s Home`,
    guestUserID: null,
    guestUserUUID: null,
    guestEnabled: false,
    subscription: false,
    users: entries.map(memberBody),
  })
}

/** GET /api/home/users — the same list in the legacy XML dialect (booleans "1"/"0"). */
export function listHomeUsersLegacy(state: FakeState, request: FakeRequest): void {
  const r = asXml(request)
  const auth = authenticate(state, r)
  if (!auth) return
  const entries = homeOf(state, auth.user)
  if (!entries) return noHome(r)
  const users = entries.map((entry) => element('User', { ...memberBody(entry), home: true }))
  const head = `<MediaContainer friendlyName="myPlex" identifier="com.plexapp.plugins.myplex" size="${users.length}" totalSize="${users.length}">`
  send(r.res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n${head}${users.join('')}</MediaContainer>\n`, 'application/xml; charset=utf-8')
}

/**
 * The checks both switch endpoints share: a valid token, a Home with that user in it (by uuid, or
 * by numeric id as some clients send it), and the PIN where one is asked for. Returns the new
 * token and the entry, or undefined once an error has been sent.
 */
function switchTo(state: FakeState, r: FakeRequest, who: string): { token: string; entry: HomeEntry } | undefined {
  const auth = authenticate(state, r)
  if (!auth) return undefined
  state.homes.switchCalls++
  if (state.homes.jwtSwitchRefused && state.tokenExpiresAt.has(auth.token)) {
    replyError(r, 403, undefined, 'Switching Home users is not available for this token')
    return undefined
  }
  const entries = homeOf(state, auth.user)
  const entry = entries?.find((e) => e.user.uuid === who || String(e.user.id) === who)
  if (!entry) {
    replyError(r, 404, undefined, 'User not found')
    return undefined
  }
  const pin = r.url.searchParams.get('pin')
  const asked = entry.admin ? state.homes.adminPinRequired : entry.pin !== null
  if (asked && (entry.pin === null || pin !== entry.pin)) {
    replyError(r, 403, 1041, PIN_REQUIRED)
    return undefined
  }
  // authenticate() has made sure there is a client id.
  const token = state.mintLegacy(entry.user, plexParam(r, 'X-Plex-Client-Identifier') ?? '')
  return { token, entry }
}

/**
 * POST /api/v2/home/users/:uuid/switch?pin= — 201 and the whole user object, carrying fields a
 * client must not read: the PIN itself, profile fields in the shape plex.tv changed them to
 * (language lists as CSV strings), and whatever a test adds through `switchExtras`.
 */
export function switchHomeUser(state: FakeState, r: FakeRequest, who: string): void {
  const switched = switchTo(state, r, who)
  if (!switched) return
  const { token, entry } = switched
  reply(r, 201, 'user', {
    ...userBody(entry.user, token),
    home: true,
    homeAdmin: entry.admin,
    admin: entry.admin,
    restricted: entry.restricted,
    restrictionProfile: entry.restrictionProfile,
    protected: entry.pin !== null,
    pin: entry.pin,
    profile: { autoSelectAudio: true, defaultAudioLanguages: 'en,de,ja', defaultSubtitleLanguages: 'en,fr', mediaReviewsVisibility: 1 },
    ...state.homes.switchExtras,
  })
}

/** POST /api/home/users/:id/switch?pin= — XML `<user … authenticationToken="…"/>`. */
export function switchHomeUserLegacy(state: FakeState, request: FakeRequest, id: string): void {
  const r = asXml(request)
  const switched = switchTo(state, r, id)
  if (!switched) return
  const { token, entry } = switched
  const { user } = entry
  send(
    r.res,
    201,
    xmlDocument('user', {
      id: user.id,
      uuid: user.uuid,
      title: user.title,
      username: user.username,
      email: user.email,
      thumb: user.thumb,
      admin: entry.admin,
      restricted: entry.restricted,
      protected: entry.pin !== null,
      home: true,
      authenticationToken: token,
      authToken: token,
    }),
    'application/xml; charset=utf-8',
  )
}
