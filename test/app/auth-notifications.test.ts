import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SignInState } from '../../preload/api'
import { createAuthNotifier, noticeFor } from '../../main/app/auth-notifications'
import { createNotificationShower } from '../../main/app/os-notification'
import { Notification, standIn } from '../support/electron-stand-in'
import { signedInState } from '../support/signed-in-state'

const rejected: SignInState = { kind: 'signed-out', reason: 'token-rejected' }

describe('noticeFor', () => {
  it('notifies when plex.tv rejects the token, from wherever the app was', () => {
    for (const previous of [null, { kind: 'restoring' } as const, signedInState('ok'), signedInState('checking'), signedInState('unreachable')]) {
      expect(noticeFor(previous, rejected)?.kind).toBe('token-rejected')
    }
    expect(
      noticeFor(signedInState('checking'), { kind: 'error', error: { code: 'token-rejected', message: 'x', retryable: false } })?.kind,
    ).toBe('token-rejected')
  })

  it('does not notify again while the token stays rejected', () => {
    expect(noticeFor(rejected, rejected)).toBeNull()
    expect(noticeFor(rejected, { kind: 'error', error: { code: 'token-rejected', message: 'x', retryable: false } })).toBeNull()
  })

  it('stays silent when plex.tv is merely unreachable, and for every ordinary change', () => {
    expect(noticeFor(signedInState('checking'), signedInState('unreachable'))).toBeNull()
    expect(noticeFor(signedInState('ok'), { kind: 'signed-out', reason: 'signed-out' })).toBeNull()
    expect(noticeFor({ kind: 'waiting', pins: [], starting: [], failed: [], retry: null }, { kind: 'signed-out', reason: 'expired' })).toBeNull()
    expect(noticeFor({ kind: 'restoring' }, { kind: 'error', error: { code: 'keychain', message: 'x', retryable: true } })).toBeNull()
    expect(noticeFor(rejected, signedInState('ok'))).toBeNull()
  })
})

describe('createAuthNotifier', () => {
  it('shows one notification per transition into "rejected", whose click re-authenticates', () => {
    const shown: string[] = []
    const reauthenticate = vi.fn()
    const notifier = createAuthNotifier({
      show: (notice, onClick) => {
        shown.push(notice.title)
        onClick()
      },
      reauthenticate,
    })
    for (const state of [{ kind: 'restoring' } as const, signedInState('ok'), signedInState('checking'), signedInState('unreachable'), signedInState('checking'), rejected, rejected, { kind: 'starting', modes: ['browser'] } as const, signedInState('ok'), rejected]) {
      notifier.onState(state)
    }
    expect(shown).toEqual(['Plex sign-in needs renewing', 'Plex sign-in needs renewing'])
    expect(reauthenticate).toHaveBeenCalledTimes(2)
  })
})

describe('createNotificationShower', () => {
  beforeEach(() => standIn.reset())

  it('shows an OS notification whose click runs the action', () => {
    const clicked = vi.fn()
    createNotificationShower('/icons/256.png', 'linux')(
      { kind: 'token-rejected', title: 'T', body: 'B' },
      clicked,
    )
    expect(Notification.instances).toHaveLength(1)
    const [n] = Notification.instances
    expect(n?.shown).toBe(true)
    expect(n?.options).toEqual({ title: 'T', body: 'B', icon: '/icons/256.png' })
    n?.click()
    expect(clicked).toHaveBeenCalledTimes(1)
  })

  it('on Windows leaves the click to Notification.handleActivation, so one click acts once', () => {
    const clicked = vi.fn()
    createNotificationShower('/i.png', 'win32')({ kind: 'token-rejected', title: 'T', body: 'B' }, clicked)
    Notification.instances[0]?.click()
    expect(Notification.instances[0]?.shown).toBe(true)
    expect(clicked).not.toHaveBeenCalled()
  })

  it('shows nothing where the OS has no notifications', () => {
    Notification.supported = false
    createNotificationShower('/i.png', 'linux')({ kind: 'token-rejected', title: 'T', body: 'B' }, () => undefined)
    expect(Notification.instances).toHaveLength(0)
  })
})
