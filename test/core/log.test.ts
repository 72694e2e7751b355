import { describe, expect, it } from 'vitest'
import { createLogger, MAX_REDACTED_LENGTH, redact, rememberSecret } from '../../main/core/log'

const JWT =
  'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJwbGV4LnR2IiwidXNlciI6eyJ1c2VybmFtZSI6ImFkYSJ9fQ.c2lnbmF0dXJlLWJ5dGVz'

describe('redact', () => {
  it.each([
    ['header line', 'X-Plex-Token: CxoUzBTSV5hsxjTpFKaf', 'CxoUzBTSV5hsxjTpFKaf'],
    ['header in JSON', '{"X-Plex-Token":"CxoUzBTSV5hsxjTpFKaf","Accept":"application/json"}', 'CxoUzBTSV5hsxjTpFKaf'],
    ['query parameter', 'GET https://plex.tv/api/v2/user?X-Plex-Token=CxoUzBTSV5hsxjTpFKaf&a=1', 'CxoUzBTSV5hsxjTpFKaf'],
    ['lower-case query parameter', 'https://x/?x-plex-token=CxoUzBTSV5hsxjTpFKaf', 'CxoUzBTSV5hsxjTpFKaf'],
    ['authToken JSON field', '{"id":1,"authToken":"CxoUzBTSV5hsxjTpFKaf","code":"7RQZ"}', 'CxoUzBTSV5hsxjTpFKaf'],
    ['token JSON field with spaces', '{ "token" : "Hg7FGK9xVGdWZRa_sj76" }', 'Hg7FGK9xVGdWZRa_sj76'],
    ['accessToken XML attribute', '<resource name="a" accessToken="Hg7FGK9xVGdWZRa_sj76" owned="1"/>', 'Hg7FGK9xVGdWZRa_sj76'],
    ['authToken key=value', 'pin approved authToken=Hg7FGK9xVGdWZRa_sj76 after 3 polls', 'Hg7FGK9xVGdWZRa_sj76'],
    ['a JWT anywhere', `received ${JWT} from plex.tv`, JWT],
    ['Authorization header', 'Authorization: Bearer abc.def-ghi', 'abc.def-ghi'],
    ['authToken: value pair', 'pin approved, authToken: Hg7FGK9xVGdWZRa_sj76 (3 polls)', 'Hg7FGK9xVGdWZRa_sj76'],
    ['quoted key: value pair', "authToken: 'Hg7FGK9xVGdWZRa_sj76'", 'Hg7FGK9xVGdWZRa_sj76'],
    ['percent-encoded address', 'forwardUrl=https%3A%2F%2Fx%2F%3FX-Plex-Token%3DHg7FGK9xVGdWZRa_sj76%26a%3D1', 'Hg7FGK9xVGdWZRa_sj76'],
    ['percent-encoded JSON', 'body=%7B%22authToken%22%3A%22Hg7FGK9xVGdWZRa_sj76%22%7D', 'Hg7FGK9xVGdWZRa_sj76'],
    ['base64 JSON', `state=${Buffer.from('{"authToken":"Hg7FGK9xVGdWZRa_sj76"}').toString('base64')}`, 'eyJhdXRoVG9rZW4iOiJIZzdGR0s5eFZHZFdaUmFfc2o3NiJ9'],
  ])('masks a token in a %s', (_, text, secret) => {
    const out = redact(text)
    expect(out).not.toContain(secret)
    expect(out).toMatch(/\[redacted(-jwt|-base64)?\]/)
  })

  // Spellings of a secret nobody registered: only the way it is written gives it away.
  it.each([
    ['double percent-encoding', 'next=https%253A%252F%252Fx%252F%253FX-Plex-Token%253DHg7FGK9xVGdWZRa_sj76'],
    ['double percent-encoded JSON', 'state=%257B%2522authToken%2522%253A%2522Hg7FGK9xVGdWZRa_sj76%2522%257D'],
    ['&quot;-quoted JSON', '<error message="{&quot;authToken&quot;:&quot;Hg7FGK9xVGdWZRa_sj76&quot;}"/>'],
    ['&quot;-quoted pair', 'detail: accessToken=&quot;Hg7FGK9xVGdWZRa_sj76&quot;'],
    ['numeric-entity-quoted JSON', '{&#34;token&#34;: &#34;Hg7FGK9xVGdWZRa_sj76&#34;}'],
    ['JSON inside a JSON string', '{"body":"{\\"authToken\\":\\"Hg7FGK9xVGdWZRa_sj76\\",\\"id\\":1}"}'],
    ['JSON inside JSON inside a JSON string', '{"a":"{\\"b\\":\\"{\\\\\\"token\\\\\\":\\\\\\"Hg7FGK9xVGdWZRa_sj76\\\\\\"}\\"}"}'],
    ['token in an array', '{"accessToken":["Hg7FGK9xVGdWZRa_sj76"]}'],
    ['tokens in an array, spaced', 'authToken: [ "Hg7FGK9xVGdWZRa_sj76", "second-secret-value" ]'],
    ['name, value header dump', "rawHeaders: [ 'Accept', 'application/json', 'X-Plex-Token', 'Hg7FGK9xVGdWZRa_sj76' ]"],
    ['name, value header dump in JSON', '["X-Plex-Token","Hg7FGK9xVGdWZRa_sj76","Host","plex.tv"]'],
    ['name, value pair unquoted', 'header x-plex-token, Hg7FGK9xVGdWZRa_sj76 sent'],
    ['Authorization header dump', "[ 'authorization', 'Bearer Hg7FGK9xVGdWZRa_sj76' ]"],
  ])('masks a secret nobody registered, spelled as %s', (_, text) => {
    const out = redact(text)
    expect(out).not.toContain('Hg7FGK9xVGdWZRa_sj76')
    expect(out).not.toContain('second-secret-value')
    expect(out).toContain('[redacted]')
  })

  it('leaves the rest of the line readable', () => {
    expect(redact('GET /api/v2/pins/123?X-Plex-Token=abcdefgh1234&strong=true')).toBe(
      'GET /api/v2/pins/123?X-Plex-Token=[redacted]&strong=true',
    )
    expect(redact('{"authToken":null,"code":"7RQZ"}')).toBe('{"authToken":null,"code":"7RQZ"}')
    expect(redact('PIN 7RQZ created for client 6f1c2f0e')).toBe('PIN 7RQZ created for client 6f1c2f0e')
  })

  it('masks a remembered secret in base64 at any alignment, and percent-encoded', () => {
    const secret = 'Zq9-remembered/secret+42'
    rememberSecret(secret)
    for (const prefix of ['', 'a', 'ab']) {
      const encoded = Buffer.from(`${prefix}${secret} and more`).toString('base64')
      const out = redact(`blob ${encoded}`)
      expect(out).toContain('[redacted]')
      // What is left of the encoding cannot be decoded back to the secret.
      expect(Buffer.from(out.replace('blob ', ''), 'base64').toString('latin1')).not.toContain('remembered')
    }
    expect(redact(`next=${encodeURIComponent(secret)}`)).toBe('next=[redacted]')
  })

  it('keeps a path that ends in "token" and its outcome readable', () => {
    expect(redact('POST /api/v2/auth/token: token-rejected')).toBe('POST /api/v2/auth/token: token-rejected')
  })

  it('cuts a long text before matching, and drops a token cut through rather than show its start', () => {
    const body = `${'a-'.repeat(20_000)} X-Plex-Token=${'Q'.repeat(40_000)}`
    const out = redact(body)
    expect(out.length).toBeLessThan(MAX_REDACTED_LENGTH + 40)
    expect(out).toMatch(/\[\d+ characters cut\]$/)
    const tokenStart = `X-Plex-Token=${'Q'.repeat(MAX_REDACTED_LENGTH)}`.slice(0, MAX_REDACTED_LENGTH - 30)
    expect(redact(`${'x '.repeat(15)}${tokenStart}${'Q'.repeat(100)}`)).not.toContain('QQQQ')
  })

  it('masks a remembered secret quoted with its control characters written out, as an error message shows it', () => {
    rememberSecret('tok\u0000en-remembered-9f2c')
    const out = redact(`The property 'options.env['PLEX_TOKEN']' must be a string without null bytes. Received 'tok\\x00en-remembered-9f2c'`)
    expect(out).not.toContain('en-remembered-9f2c')
    expect(out).toContain('[redacted]')
  })

  it('masks a remembered secret wherever it appears verbatim', () => {
    rememberSecret('zz-remembered-secret-9')
    expect(redact('oops: zz-remembered-secret-9 leaked in an error')).toBe('oops: [redacted] leaked in an error')
  })
})

describe('createLogger', () => {
  const capture = (level: 'debug' | 'info' | 'warn' | 'error' = 'debug') => {
    const lines: string[] = []
    const logger = createLogger('test', { level, sink: (l) => lines.push(l), now: () => Date.UTC(2025, 0, 2, 3, 4, 5) })
    return { lines, logger }
  }

  it('writes one line with time, level, scope, message and fields', () => {
    const { lines, logger } = capture()
    logger.info('PIN created', { pinId: 1272322473, mode: 'browser' })
    expect(lines).toEqual(['2025-01-02T03:04:05.000Z INFO [test] PIN created pinId=1272322473 mode="browser"'])
  })

  it('drops lines below its level', () => {
    const { lines, logger } = capture('warn')
    logger.debug('a')
    logger.info('b')
    logger.warn('c')
    logger.error('d')
    expect(lines.map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(['WARN [test]', 'ERROR [test]'])
  })

  it('masks secret-named fields at any depth and tokens inside messages and errors', () => {
    const { lines, logger } = capture()
    logger.debug('sending', { headers: { 'X-Plex-Token': 'Tok3nValue0123', Accept: 'application/json' } })
    logger.warn('failed', { error: new Error('bad token authToken=Tok3nValue0123'), nested: [{ jwt: JWT }] })
    logger.info(`url https://plex.tv/api/v2/user?X-Plex-Token=Tok3nValue0123`)
    expect(lines.join('\n')).not.toContain('Tok3nValue0123')
    expect(lines.join('\n')).not.toContain(JWT)
    expect(lines[0]).toContain('"Accept":"application/json"')
  })

  it('masks fields before they are serialised: arrays under a secret name, and secrets inside string fields', () => {
    const { lines, logger } = capture()
    logger.info('response', {
      tokens: ['Tok3nValue0123', 'Tok3nValue4567'],
      body: '{"authToken":"Tok3nValue89ab","id":1}',
      headers: ['X-Plex-Token', 'Tok3nValuecdef'],
      status: 200,
    })
    for (const secret of ['Tok3nValue0123', 'Tok3nValue4567', 'Tok3nValue89ab', 'Tok3nValuecdef']) expect(lines[0]).not.toContain(secret)
    expect(lines[0]).toContain('tokens=["[redacted]","[redacted]"]')
    expect(lines[0]).toContain('status=200')
  })

  it('shows control characters in messages and fields as visible escapes', () => {
    const { lines, logger } = capture()
    logger.warn('user \u001b]0;owned\u0007 signed in', { username: 'a\u009b2J\u202eb' })
    expect(lines[0]).toBe('2025-01-02T03:04:05.000Z WARN [test] user \\x1b]0;owned\\x07 signed in username="a\\x9b2J\\u202eb"')
  })

  it('writes to stderr by default', () => {
    const written: string[] = []
    const original = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string) => {
      written.push(chunk)
      return true
    }) as typeof process.stderr.write
    try {
      createLogger('stderr', { level: 'info' }).info('hello')
    } finally {
      process.stderr.write = original
    }
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/INFO \[stderr\] hello\n$/)
  })
})
