import { describe, expect, it } from 'vitest'
import { MAX_TIMEOUT_SEC, parseCommandLine } from '../../main/cli/args'

const timeoutOf = (value: string) => {
  const parsed = parseCommandLine(['login', '--timeout', value])
  return parsed.ok ? (parsed.command.kind === 'login' ? parsed.command.timeoutSec : 'not login') : parsed.message
}

describe('login --timeout', () => {
  it.each([
    ['1', 1],
    ['90', 90],
    [' 600 ', 600],
    ['86400', 86_400],
  ])('takes %j as %d seconds', (value, seconds) => {
    expect(timeoutOf(value)).toBe(seconds)
  })

  it('is a day at most: one timer holds it, unlike the 24.8 days where setTimeout fires at once', () => {
    expect(MAX_TIMEOUT_SEC).toBe(86_400)
    expect(MAX_TIMEOUT_SEC * 1000).toBeLessThanOrEqual(2 ** 31 - 1)
  })

  it.each(['0', '0.0001', '1.5', '86401', '3000000', '1e3', '0x10', 'soon', '', '9999999999999999999999'])(
    'refuses %j with one sentence that says what it takes',
    (value) => {
      expect(timeoutOf(value)).toBe(`--timeout needs a whole number of seconds from 1 to 86400, not "${value}".`)
    },
  )

  it('is no limit when not given', () => {
    const parsed = parseCommandLine(['login'])
    expect(parsed.ok && parsed.command.kind === 'login' ? parsed.command.timeoutSec : 'x').toBeNull()
  })
})

describe('values echoed in errors', () => {
  const messageOf = (argv: readonly string[]) => {
    const parsed = parseCommandLine(argv)
    return parsed.ok ? 'parsed' : parsed.message
  }
  const hostile = `\u001b]0;owned\u0007${'x'.repeat(100_000)}`

  it.each([
    ['an unknown command', [hostile]],
    ['an unknown help topic', ['help', hostile]],
    ['a bad --timeout', ['login', '--timeout', hostile]],
    ['a bad --auth', ['login', '--auth', hostile]],
    ['an unknown option', ['status', `--${hostile}`]],
  ])('%s is cut to a sane length and its escapes shown, not obeyed', (_, argv) => {
    const message = messageOf(argv)
    expect(message.length).toBeLessThan(600)
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
    expect(message).toContain('\\x1b]0;owned\\x07')
  })
})
