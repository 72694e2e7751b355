/**
 * The renderer's Content Security Policy.
 *
 * The renderer makes no network calls (main does all HTTP, and passes the avatar as a `data:` URL),
 * so the production policy closes everything but the app's own scripts, styles, fonts and images.
 * Development adds what Vite's dev server needs (its inline React-refresh preamble, injected styles
 * and the HMR socket); that policy is chosen only when the dev server is in use, never when packaged.
 */
export type CspMode = 'production' | 'development'

type Directives = readonly (readonly [string, readonly string[]])[]

const production: Directives = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['object-src', ["'none'"]],
  ['frame-src', ["'none'"]],
  ['worker-src', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
]

const developmentExtras: Readonly<Record<string, readonly string[]>> = {
  'script-src': ["'unsafe-inline'"],
  'style-src': ["'unsafe-inline'"],
  'connect-src': ["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*'],
}

function render(directives: Directives): string {
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}

/** The policy sent as a response header (the one place `frame-ancestors` counts). */
export function contentSecurityPolicy(mode: CspMode): string {
  if (mode === 'production') return render(production)
  return render(
    production.map(([name, sources]) => {
      const extra = developmentExtras[name]
      if (!extra) return [name, sources] as const
      const base = sources.filter((source) => source !== "'none'")
      return [name, [...base, ...extra]] as const
    }),
  )
}

/**
 * The production policy for the renderer's `<meta http-equiv>` fallback: browsers ignore
 * `frame-ancestors` in a meta tag (and warn), so it is left out there.
 */
export function metaContentSecurityPolicy(): string {
  return render(production.filter(([name]) => name !== 'frame-ancestors'))
}

/** Headers with any existing policy replaced by ours (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Readonly<Record<string, readonly string[]>> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = [...values]
  }
  // The scanner cannot read a computed policy. This one is built from the table above and asserted
  // directive by directive in test/app/csp.test.ts; the build writes its meta form into the built
  // index.html (electron.vite.config.ts), which test/e2e/built-renderer.test.ts reads back.
  result['Content-Security-Policy'] = [policy] // eng-disable CSP_GLOBAL_CHECK
  return result
}
