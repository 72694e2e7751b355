import { beforeEach, describe, expect, it } from 'vitest'
import { createSafeOpenExternal } from '../../main/app/safe-open-external'
import { shell, standIn } from '../support/electron-stand-in'

beforeEach(() => standIn.reset())

const warnings: string[] = []
const open = createSafeOpenExternal({ log: { warn: (message) => warnings.push(message) } })

describe('safe openExternal', () => {
  it('opens an allowlisted URL in its normalised form', async () => {
    expect(await open('https://PLEX.tv/link')).toEqual({ ok: true, value: undefined })
    expect(shell.opened).toEqual(['https://plex.tv/link'])
  })

  it('refuses everything else as forbidden, without touching the shell', async () => {
    for (const url of ['file:///etc/passwd', 'https://plex.tv.evil.example/', 'https://user@plex.tv/', 'javascript:alert(1)', 42]) {
      const result = await open(url)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('forbidden')
    }
    expect(shell.opened).toEqual([])
    expect(warnings.length).toBeGreaterThanOrEqual(5)
  })

  it('reports a shell failure (nothing to open the address with) as data', async () => {
    shell.handlerFound = false
    const result = await open('https://plex.tv/link')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatchObject({ code: 'unknown', retryable: true })
  })
})
