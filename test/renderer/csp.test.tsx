import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SignInState } from '../../preload/api'
import { renderApp } from './render-app'
import { account, browserPin, errorState, linkPin, signedIn, waiting } from './state-fixtures'

const html = readFileSync(resolve(__dirname, '../../renderer/index.html'), 'utf8')

describe('content security', () => {
  // The policy itself is written in by the build from main's table: test/e2e/built-renderer.test.ts.
  it('declares its language and leaves the policy to the build', () => {
    expect(html).toMatch(/<html lang="en">/)
    expect(html).not.toMatch(/http-equiv="Content-Security-Policy"/i)
  })

  it('has no inline script or style in index.html', () => {
    expect(html).not.toMatch(/<style/)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(html).not.toMatch(/\sstyle=/)
  })

  const states: readonly [string, SignInState][] = [
    ['restoring', { kind: 'restoring' }],
    ['signed-out', { kind: 'signed-out', reason: 'token-rejected' }],
    ['starting', { kind: 'starting', modes: ['browser', 'link'] }],
    ['waiting', waiting([browserPin({ renewals: 1 }), linkPin({ renewals: 1 })])],
    ['signed-in', signedIn({ account: account({ avatar: 'data:image/png;base64,AA==' }) })],
    ['error', errorState('rate-limited', { status: 429 })],
  ]

  it.each(states)('%s draws no style attribute (the CSP would refuse it)', async (_name, state) => {
    await renderApp(state)
    expect(document.querySelectorAll('[style]')).toHaveLength(0)
  })
})
