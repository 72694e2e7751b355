import { createHash } from 'node:crypto'

/** What the return page tells the browser that came back from Plex's sign-in page. */
export type ReturnAnswer =
  /** plex.tv issued the token and it is saved. Whose it is stays unsaid: anyone on this computer can visit. */
  | { readonly kind: 'complete' }
  /** plex.tv has not issued the token yet; Plexkey keeps polling. */
  | { readonly kind: 'not-yet' }
  /** The sign-in is over without this visit's help (cancelled, expired, failed, or shut down). */
  | { readonly kind: 'ended' }

export interface ReturnResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

// The app's colours (renderer/src/styles/theme.css), light and dark, in a page with no script.
const STYLE = `:root{color-scheme:light dark;--bg:#f4f3ef;--surface:#fff;--text:#1c1d20;--muted:#54575d;--border:#d6d3c9;--accent:#e5a00d}
@media (prefers-color-scheme:dark){:root{--bg:#141518;--surface:#1d1f23;--text:#ecebe6;--muted:#a8abb2;--border:#34373d}}
html{font-family:system-ui,-apple-system,'Segoe UI',Ubuntu,Cantarell,'Noto Sans',sans-serif;line-height:1.5;background:var(--bg);color:var(--text)}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1rem;box-sizing:border-box}
main{max-width:32rem;padding:2rem;border:1px solid var(--border);border-top:4px solid var(--accent);border-radius:.75rem;background:var(--surface)}
h1{margin:0 0 .5rem;font-size:1.45rem;line-height:1.25}p{margin:0;color:var(--muted)}`

// The one inline style is allowed by its hash: no other style, no script, no image, no form.
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64')

/** Sent with every answer, the 404s included. */
export const RETURN_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  // One answer per connection: closing the listener then leaves nothing open behind it.
  Connection: 'close',
}

function page(heading: string, detail: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Plexkey</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${heading}</h1>
<p>${detail}</p>
</main>
</body>
</html>
`
}

/** The page for an answer: fixed sentences, nothing from plex.tv. */
export function returnPage(answer: ReturnAnswer): ReturnResponse {
  const headers = { ...RETURN_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }
  switch (answer.kind) {
    case 'complete':
      return { status: 200, headers, body: page('This sign-in is complete; you can close this tab.', 'Plexkey has saved it.') }
    case 'not-yet':
      return {
        status: 200,
        headers,
        body: page(
          'Plex has not confirmed the sign-in yet.',
          'Plexkey keeps checking and shows when you are signed in. You can close this tab.',
        ),
      }
    case 'ended':
      return {
        status: 200,
        headers,
        body: page('This sign-in is over.', 'Plexkey shows how it ended. You can close this tab.'),
      }
  }
}

/** The answer to anything but the one return address: it says nothing and changes nothing. */
export const notFound: ReturnResponse = {
  status: 404,
  headers: { ...RETURN_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'Not found\n',
}
