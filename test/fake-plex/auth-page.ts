import type { FakeRequest } from './http-io'
import { send } from './http-io'

/** The context keys a well-behaved client puts in the fragment (reference §5). */
export const AUTH_CONTEXT_KEYS = ['product', 'version', 'platform', 'platformVersion', 'device', 'deviceName'] as const

/**
 * Stand-in for app.plex.tv/auth: reads `#?clientID=…&code=…&context[device][…]=…` (also `#!?`),
 * insists on every context key, approves the PIN through the control API as if the user had signed
 * in, and says so. `document.body.dataset.state` ends as 'approved' or 'error' for scripts to wait on.
 * With a `forwardUrl` (http or https only), the approved page then sends the browser there, as
 * Plex's page does.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plex (fake) - Sign in</title>
<style>body{font-family:sans-serif;background:#1f1f1f;color:#eee;text-align:center;padding-top:4em}</style>
</head>
<body data-state="working">
<h1 id="title">Signing in…</h1>
<p id="detail"></p>
<script>
(async () => {
  const title = document.getElementById('title')
  const detail = document.getElementById('detail')
  const done = (state, heading, text) => {
    title.textContent = heading
    detail.textContent = text
    document.body.dataset.state = state
  }
  const params = new URLSearchParams(location.hash.replace(/^#!?\\??/, ''))
  const keys = ${JSON.stringify(AUTH_CONTEXT_KEYS)}
  const missing = ['clientID', 'code', ...keys.map((k) => 'context[device][' + k + ']')].filter((k) => !params.get(k))
  if (missing.length) return done('error', 'Something went wrong', 'The sign-in link is missing: ' + missing.join(', '))
  const product = params.get('context[device][product]')
  const deviceName = params.get('context[device][deviceName]')
  try {
    const res = await fetch('/__control/approve', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pin: params.get('code'), clientId: params.get('clientID') }),
    })
    if (!res.ok) return done('error', 'Something went wrong', (await res.json()).error)
    const forward = params.get('forwardUrl')
    if (forward && (forward.startsWith('http://') || forward.startsWith('https://'))) {
      done('approved', product + ' on ' + deviceName + ' is now signed in', 'Taking you back…')
      return location.replace(forward)
    }
    if (window.opener) window.opener.postMessage({ type: 'AUTH_COMPLETE' }, '*')
    done('approved', product + ' on ' + deviceName + ' is now signed in', 'You can close this window.')
  } catch (e) {
    done('error', 'Something went wrong', String(e))
  }
})()
</script>
</body>
</html>
`

export function authPage(r: FakeRequest): void {
  send(r.res, 200, PAGE, 'text/html; charset=utf-8', { 'Cache-Control': 'no-store' })
}
