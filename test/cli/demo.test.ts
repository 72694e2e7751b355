import { execFile } from 'node:child_process'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import stringWidth from 'string-width'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, requireBuiltCli } from '../support/cli-world'

// `npm run demo` (scripts/demo.sh), run as a user runs it: piped here, so plain text.

const run = promisify(execFile)

async function demo(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('/bin/bash', ['scripts/demo.sh'], { cwd: repoRoot, env, timeout: 150_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** Where a command lives on this machine's PATH. */
async function which(tool: string): Promise<string> {
  return (await run('/bin/sh', ['-c', `command -v ${tool}`])).stdout.trim()
}

let bin: string
beforeAll(async () => {
  requireBuiltCli()
  bin = await mkdtemp(join(tmpdir(), 'plexkey-demo-path-'))
})
afterAll(async () => {
  await rm(bin, { recursive: true, force: true })
})

describe('npm run demo', () => {
  it('checks its prerequisites first: without GNOME Keyring it says what to install, and that it is Linux-only', async () => {
    // A PATH with what the script itself uses and every prerequisite but gnome-keyring-daemon.
    for (const tool of ['bash', 'dirname', 'uname', 'dbus-run-session', 'secret-tool', 'curl']) await symlink(await which(tool), join(bin, tool))
    const result = await demo({ PATH: bin, HOME: process.env['HOME'] })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(
      [
        'npm run demo runs on Linux only: it keeps the token in a GNOME Keyring of its',
        'own, in a private D-Bus session, so your own keychain is never touched.',
        'Missing: gnome-keyring-daemon.',
        'On Debian or Ubuntu: sudo apt-get install gnome-keyring',
        '',
      ].join('\n'),
    )
  })

  it(
    'tours the product: both ways in, status, servers, url, exec, a Home profile, a tool of its own, two accounts, the sign-outs',
    async () => {
      const env = { ...process.env }
      delete env['DISPLAY']
      delete env['WAYLAND_DISPLAY']
      const result = await demo(env)
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      const lines = result.stdout.split('\n')
      // Each step: what it shows, then the command exactly as the script runs it.
      const commands = lines.flatMap((line, index) => (line.startsWith('$ ') ? [[lines[index - 1] ?? '', line.slice(2)]] : []))
      expect(commands.map(([, command]) => command)).toEqual([
        './bin/plexkey login --no-browser',
        './bin/plexkey status',
        "secret-tool search --all service plexkey 2>&1 | grep -E '^(label|attribute)'",
        './bin/plexkey servers',
        './bin/plexkey url Basement',
        './bin/plexkey exec --server Basement -- sh -c \\',
        './bin/plexkey exec --server Basement -- sh -c \\',
        './bin/plexkey users',
        './bin/plexkey user Sam && ./bin/plexkey status | head -n 2',
        './bin/plexkey user --owner',
        './bin/plexkey exec --as kometa -- sh -c \\',
        './bin/plexkey tools && ./bin/plexkey devices',
        './bin/plexkey tools revoke kometa',
        './bin/plexkey login --add --link',
        './bin/plexkey accounts',
        './bin/plexkey switch plexkey-tester',
        "./bin/plexkey token --account jurgen | sed 's/^\\(....\\).*/\\1…/'",
        './bin/plexkey logout',
        './bin/plexkey logout',
        './bin/plexkey status || echo "(exit $?)"',
      ])
      for (const [title] of commands) expect(title).toMatch(/^\d+\. \S/)
      // The approval comes from the fake, and the tour says so before each one.
      for (const login of ['./bin/plexkey login --no-browser', './bin/plexkey login --add --link']) {
        expect(lines[lines.indexOf(`$ ${login}`) + 1]).toBe('(the fake plex.tv approves it now)')
      }
      // Two sign-ins and two looks at the status, the second as the Home user Sam.
      expect(lines.filter((line) => line.startsWith('Signed in to Plex as '))).toHaveLength(4)
      expect(lines).toContain('Profile:   Sam (a Home user of this account)')
      // The tool's own token, masked; its device marked in the list, then revoked and found dead.
      expect(lines).toContainEqual(expect.stringMatching(/^KOMETA_PLEX_TOKEN=[\w-]{4}…$/))
      expect(lines).toContainEqual(expect.stringMatching(/^\d+ +kometa \(Plexkey\) +Plexkey .* tool kometa$/))
      expect(lines).toContain('plex.tv now refuses its token.')
      // Two accounts kept, the one added active; signing it out leaves the other, and says so.
      expect(lines).toContainEqual(expect.stringMatching(/^\* +Jürgen +jurgen +\w+$/))
      expect(lines).toContain('Jürgen (jurgen) is the active account now.')
      expect(lines).toContainEqual(expect.stringMatching(/^SERVER +OWNER +STATE +VIA +ADDRESS +TIME$/))
      const url = lines[lines.indexOf('$ ./bin/plexkey url Basement') + 1] ?? ''
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      // exec handed the command the server's address, and the token, shown masked.
      expect(lines).toContain(`PLEX_URL=${url}`)
      expect(lines).toContainEqual(expect.stringMatching(/^PLEX_TOKEN=[\w-]{4}…$/))
      // curl, given the token through a pipe, was let in by the server.
      expect(lines).toContain('friendlyName="fake"')
      expect(lines.slice(-3)).toEqual(['Not signed in to Plex. Run `plexkey login` to sign in.', '(exit 1)', ''])
      // Piped: no bold, no escape of any kind.
      expect(result.stdout).not.toContain('\u001b')
      // Every line fits 80 columns but the sign-in page's address, which cannot be cut and stays
      // whole on a line of its own so that it can be copied.
      expect(lines.filter((line) => stringWidth(line) > 80 && !/^\s*https?:\/\/\S+$/.test(line))).toEqual([])
    },
    180_000,
  )
})
