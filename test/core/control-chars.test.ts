import { describe, expect, it } from 'vitest'
import { escapeControls, escapeJsonControls, flattenControls, MAX_ECHO_LENGTH, quoteOutside } from '../../main/core/text/control-chars'

/** Every character class that changes how a terminal shows text, one sample each. */
const HOSTILE: readonly (readonly [string, string, string])[] = [
  ['ESC (C0)', '\u001b]0;owned\u0007', '\\x1b]0;owned\\x07'],
  ['CR and LF', 'a\r\nb', 'a\\x0d\\x0ab'],
  ['DEL', 'a\u007fb', 'a\\x7fb'],
  ['C1 CSI', 'a\u009b2Jb', 'a\\x9b2Jb'],
  ['C1 OSC', '\u009d8;;https://evil.example\u009c', '\\x9d8;;https://evil.example\\x9c'],
  ['bidi override', 'abc\u202edcba', 'abc\\u202edcba'],
  ['bidi isolate', '\u2066x\u2069', '\\u2066x\\u2069'],
  ['line separator', 'a\u2028b', 'a\\u2028b'],
]

describe('escapeControls', () => {
  it.each(HOSTILE)('shows %s as visible escapes', (_, text, shown) => {
    expect(escapeControls(text)).toBe(shown)
  })

  it('leaves ordinary text, accents, CJK and emoji alone, and is idempotent', () => {
    const text = 'Zoë 山田 🎬 "quoted" \\ back'
    expect(escapeControls(text)).toBe(text)
    const once = escapeControls('\u001b[2J\u202e')
    expect(escapeControls(once)).toBe(once)
  })
})

describe('flattenControls', () => {
  it('turns each run of controls into one space', () => {
    expect(flattenControls('a\u001b\u009b\u202e\r\nb\u007fc')).toBe('a b c')
  })
})

describe('escapeJsonControls', () => {
  it('keeps the JSON value but writes C1, DEL and bidi controls as \\u escapes', () => {
    const value = { username: 'x\u009b2J\u202e\u007f\u001by' }
    const line = escapeJsonControls(JSON.stringify(value))
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/)
    expect(JSON.parse(line)).toEqual(value)
  })
})

describe('quoteOutside', () => {
  it('cuts a long value to MAX_ECHO_LENGTH characters, never through a code point, and escapes it', () => {
    const long = `\u001b${'🎬'.repeat(100_000)}`
    const quoted = quoteOutside(long)
    expect(quoted.startsWith('\\x1b')).toBe(true)
    expect(quoted.endsWith('…')).toBe(true)
    expect(Array.from(quoted).length).toBe(MAX_ECHO_LENGTH - 1 + 4 + 1)
    expect(quoted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })

  it('leaves a short value whole', () => {
    expect(quoteOutside('--timeout')).toBe('--timeout')
  })
})
