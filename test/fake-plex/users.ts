import type { FakeRequest } from './http-io'
import { plexParam, reply, replyError, send } from './http-io'
import { resourceFor } from './home-resources'
import type { FakeMediaServer } from './media-servers'
import { solidPng } from './png'
import type { FakeState } from './state'
import type { FakeUser } from './types'

const AVATAR = solidPng()

/**
 * The account a token belongs to, or an answer already sent (400/1000, 401/1001, or 498 for an
 * expired Plex JWT). A call that passes marks its device as seen now.
 */
export function authenticate(state: FakeState, r: FakeRequest): { token: string; user: FakeUser } | undefined {
  if (!plexParam(r, 'X-Plex-Client-Identifier')) {
    replyError(r, 400, 1000)
    return undefined
  }
  const token = plexParam(r, 'X-Plex-Token')
  const user = token ? state.tokens.get(token) : undefined
  if (!token || !user) {
    replyError(r, 401, 1001)
    return undefined
  }
  const expiresAt = state.tokenExpiresAt.get(token)
  if (expiresAt !== undefined && expiresAt <= state.now()) {
    replyError(r, 498, undefined, 'Token expired')
    return undefined
  }
  state.devices.touch(token)
  state.homes.noteAccount(user)
  return { token, user }
}

export function userBody(user: FakeUser, token: string): Record<string, unknown> {
  const subscription = user.plexPass
    ? { active: true, subscribedAt: '2021-03-04T10:11:12Z', status: 'Active', paymentService: 'braintree', plan: 'lifetime', features: ['webhooks', 'sync', 'camera_upload'] }
    : { active: false, subscribedAt: null, status: 'Inactive', paymentService: null, plan: null, features: [] }
  return {
    id: user.id,
    uuid: user.uuid,
    username: user.username,
    title: user.title,
    friendlyName: user.title,
    email: user.email,
    thumb: user.thumb,
    authToken: token,
    locale: null,
    country: 'US',
    joinedAt: 1556281940,
    rememberExpiresAt: 1893456000,
    confirmed: true,
    emailOnlyAuth: false,
    hasPassword: true,
    protected: false,
    restricted: false,
    guest: false,
    home: false,
    homeAdmin: false,
    homeSize: 1,
    maxHomeSize: 15,
    twoFactorEnabled: false,
    backupCodesCreated: false,
    experimentalFeatures: false,
    anonymous: null,
    mailingListActive: false,
    mailingListStatus: 'active',
    scrobbleTypes: '',
    entitlements: user.plexPass ? ['all'] : [],
    roles: user.plexPass ? ['plexpass'] : [],
    subscriptionDescription: user.plexPass ? 'Lifetime Plex Pass' : null,
    subscription,
    subscriptions: [subscription],
    profile: { autoSelectAudio: true, defaultAudioLanguage: 'en', defaultSubtitleLanguage: 'en' },
    services: [],
    adsConsent: null,
    adsConsentReminderAt: null,
    adsConsentSetAt: null,
    attributionPartner: null,
  }
}

/** GET /api/v2/user */
export function getUser(state: FakeState, r: FakeRequest): void {
  const auth = authenticate(state, r)
  if (auth) reply(r, 200, 'user', userBody(auth.user, auth.token))
}

/** DELETE /api/v2/users/signout — the token is dead afterwards. */
export function signOut(state: FakeState, r: FakeRequest): void {
  const auth = authenticate(state, r)
  if (!auth) return
  state.revoke(auth.token)
  r.res.writeHead(204).end()
}

/** GET /api/v2/resources — the account's Media Servers, then a player (which is no server). */
export function getResources(state: FakeState, r: FakeRequest, servers: readonly FakeMediaServer[]): void {
  const auth = authenticate(state, r)
  if (!auth) return
  reply(r, 200, 'resources', [
    ...servers.flatMap((server) => resourceFor(state, auth, server) ?? []),
    {
      name: 'Living Room',
      product: 'Plex for Android (TV)',
      productVersion: '10.20.1.123',
      platform: 'Android',
      platformVersion: '12',
      device: 'SHIELD Android TV',
      clientIdentifier: 'b1d2e3f4a5b6c7d8',
      createdAt: '2022-05-01T18:00:00Z',
      lastSeenAt: '2024-09-04T21:40:02Z',
      provides: 'client,player,pubsub-player',
      ownerId: null,
      sourceTitle: null,
      publicAddress: '127.0.0.1',
      accessToken: null,
      owned: true,
      home: false,
      synced: false,
      relay: false,
      presence: false,
      httpsRequired: false,
      publicAddressMatches: true,
      dnsRebindingProtection: false,
      natLoopbackSupported: false,
      connections: [],
    },
  ])
}

/** GET /users/:uuid/avatar — like plex.tv, redirects to the image itself. */
export function avatarRedirect(r: FakeRequest, uuid: string): void {
  r.res.writeHead(302, { Location: `/avatars/${encodeURIComponent(uuid)}.png`, 'Content-Length': 0 }).end()
}

/** GET /avatars/:uuid.png */
export function avatarImage(r: FakeRequest): void {
  send(r.res, 200, AVATAR, 'image/png', { 'Cache-Control': 'max-age=3600' })
}
