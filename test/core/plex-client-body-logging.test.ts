import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../main/core/log'
import { parseErrorBody } from '../../main/core/plex/plex-error'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { errorOf } from '../support/result-parts'

// What plex.tv (or whatever answers in its place) sends back must not carry a secret into a log
// line, the CLI's stderr or the window: these bodies hold secrets where no pattern would find them
// once a piece has been cut off.

/** A JWT-shaped secret; redaction knows a whole one by its three dot-separated parts. */
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJzZWNyZXQtYWNjb3VudCJ9.c2lnbmF0dXJlLW9mLXRoZS1zZWNyZXQ'

let fake: FakePlex
let client: PlexClient
let logLines: string[]

beforeEach(async () => {
  fake = await startFakePlex()
  logLines = []
  client = plexClientOnFake(fake, { logger: createLogger('plex', { level: 'debug', sink: (line) => logLines.push(line) }) })
})
afterEach(async () => {
  await fake.close()
})

describe('a body plex.tv sent that Plexkey cannot use', () => {
  it('is logged as its size and type only, never a slice of its content', async () => {
    // The secret starts at character 110: a 120-character excerpt would end inside it, keeping
    // "eyJhbGciOi", which no longer looks like a JWT to redaction.
    const body = `{"note":"${'p'.repeat(93)}","jwt":${JWT}`
    expect(body.indexOf(JWT)).toBe(110)
    fake.fault({ path: '/api/v2/pins', status: 201, body, contentType: 'application/json; charset=utf-8', times: 1 })

    expect(errorOf(await client.createPin({ strong: true }))).toMatchObject({ code: 'bad-response' })
    const warning = logLines.find((line) => line.includes('answer was not valid JSON'))
    expect(warning).toContain(`bytes=${Buffer.byteLength(body)}`)
    expect(warning).toContain('contentType="application/json; charset=utf-8"')
    const all = logLines.join('\n')
    expect(all).not.toContain('eyJhbGciOi')
    expect(all).not.toContain('ppppp')
  })
})

describe("plex.tv's error text", () => {
  it('is redacted before it becomes an error message, even where the 160-character cut falls inside a secret', async () => {
    // The JWT straddles the cut: without redaction first, its first 40 characters would survive.
    const message = `${'m'.repeat(117)} ${JWT} and X-Plex-Token=abcdef0123456789xyz`
    fake.fault({ path: '/api/v2/pins', status: 400, body: JSON.stringify({ errors: [{ code: 1000, message }] }), times: 1 })

    const error = errorOf(await client.createPin({ strong: true }))
    expect(error).toMatchObject({ code: 'plex-error', status: 400, plexCode: 1000 })
    expect(error.message).not.toContain('eyJhbGciOi')
    expect(error.message).toContain('[redacted-jwt]')
  })

  it('loses a token to redaction in JSON and in XML error bodies', () => {
    const json = parseErrorBody(JSON.stringify({ errors: [{ code: 1, message: 'Bad X-Plex-Token=abcdef0123456789 sent' }] }))
    expect(json).toEqual({ plexCode: 1, message: 'Bad X-Plex-Token=[redacted] sent' })
    const xml = parseErrorBody(`<errors><error code="2" message="token ${JWT} expired"/></errors>`)
    expect(xml).toEqual({ plexCode: 2, message: 'token [redacted-jwt] expired' })
  })
})
