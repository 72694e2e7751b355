import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../main/cli/exit-codes'
import { helpText } from '../../main/cli/help'
import { repoRoot } from '../support/cli-world'

const codes = Object.values(EXIT).sort((a, b) => a - b)

describe('exit statuses: the code, --help and the README list the same ones', () => {
  it('`plexkey help exit-codes` lists every exit status the code has, and no other', () => {
    const block = helpText('exit-codes')
    const listed = [...block.matchAll(/^ {2}(\d+) +\S/gm)].map((m) => Number(m[1]))
    expect(listed).toEqual(codes)
  })

  it("the README's exit table lists every exit status the code has, and no other", async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    const table = readme.split('| exit | meaning |')[1]?.split('\n\n')[0] ?? ''
    const listed = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]))
    expect(listed).toEqual(codes)
  })

  it('exit 2 is documented for every command that returns it (status, token and login)', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    const helpLine = /^ {2}2 +(.+\n(?: {7}.+\n)*)/m.exec(helpText('exit-codes'))?.[1] ?? ''
    const readmeRow = /^\| 2 \| (.+) \|$/m.exec(readme)?.[1] ?? ''
    for (const text of [helpLine, readmeRow]) for (const command of ['status', 'token', 'login']) expect(text).toContain(command)
  })

  it('status --json documents every status it can print, "error" included', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    const statusHelp = helpText('status')
    for (const status of ['signed-in', 'signed-out', 'token-rejected', 'unreachable', 'error']) {
      expect(statusHelp).toContain(status)
      expect(readme).toMatch(new RegExp(`\`status\` = [^.]*\`${status}\``))
    }
  })
})
