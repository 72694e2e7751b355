/**
 * Runs the fake plex.tv on its own:
 *   npm run fake-plex -- --port <n> [--approve-after-polls <k>] [--strong-sec <s>] [--link-sec <s>] [--jwt-sec <s>] [--no-home]
 * The first line printed is the base URL (use it as PLEXKEY_PLEX_URL; `<url>/auth` as PLEXKEY_AUTH_URL).
 * SIGINT or SIGTERM closes it cleanly.
 */
import { parseArgs } from 'node:util'
import { startFakePlex } from './server'

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`fake-plex: --${name} needs a non-negative number, got "${value}"\n`)
    process.exit(2)
  }
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'approve-after-polls': { type: 'string' },
      'strong-sec': { type: 'string' },
      'link-sec': { type: 'string' },
      'jwt-sec': { type: 'string' },
      'no-home': { type: 'boolean' },
    },
  })
  const fake = await startFakePlex({
    port: number('port', values.port) ?? 0,
    approveAfterPolls: number('approve-after-polls', values['approve-after-polls']),
    strongSec: number('strong-sec', values['strong-sec']),
    linkSec: number('link-sec', values['link-sec']),
    jwtSec: number('jwt-sec', values['jwt-sec']),
    // The default account's Plex Home, unless asked to start without one.
    ...(values['no-home'] ? { home: null } : {}),
  })
  process.stdout.write(`${fake.url}\n`)
  process.stdout.write(`auth page: ${fake.authUrl}\ncontrol API: ${fake.url}/__control/ (see test/fake-plex/control.ts)\n`)
  const stop = (): void => {
    void fake.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-plex: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
