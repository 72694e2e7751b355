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

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/**
 * Every code point the escaping must catch, class by class, written out here rather than taken
 * from the code under test: dropping any one of them from the escaper fails a test below.
 */
const CLASSES: readonly (readonly [string, readonly number[]])[] = [
  ['C0 controls', range(0x00, 0x1f)],
  ['DEL', [0x7f]],
  ['C1 controls', range(0x80, 0x9f)],
  ['the Arabic letter mark', [0x61c]],
  ['the left-to-right and right-to-left marks', [0x200e, 0x200f]],
  ['the line and paragraph separators', [0x2028, 0x2029]],
  ['the bidi embeddings, overrides and their pop (LRE, RLE, PDF, LRO, RLO)', range(0x202a, 0x202e)],
  ['the bidi isolates (LRI, RLI, FSI, PDI)', range(0x2066, 0x2069)],
]

/** Printable neighbours of those classes, which must come through as they are. */
const NEIGHBOURS = [0x20, 0x7e, 0xa0, 0xa1, 0x61b, 0x2010, 0x2027, 0x202f, 0x2030, 0x2070]

/** `\xNN` up to U+00FF, `\uNNNN` above: how escapeControls shows a control. */
const shown = (cp: number): string => (cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`)
const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`

describe('escapeControls', () => {
  it.each(HOSTILE)('shows %s as visible escapes', (_, text, shownText) => {
    expect(escapeControls(text)).toBe(shownText)
  })

  it.each(CLASSES)('escapes every one of %s', (_, codePoints) => {
    // Keyed by code point, so a failure names the one that came through.
    const seen = Object.fromEntries(codePoints.map((cp) => [hex(cp), escapeControls(`a${String.fromCodePoint(cp)}b`)]))
    expect(seen).toEqual(Object.fromEntries(codePoints.map((cp) => [hex(cp), `a${shown(cp)}b`])))
  })

  it('leaves the printable neighbours of those classes alone', () => {
    const text = NEIGHBOURS.map((cp) => String.fromCodePoint(cp)).join('')
    expect(escapeControls(text)).toBe(text)
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

  it.each(CLASSES)('flattens every one of %s', (_, codePoints) => {
    const seen = Object.fromEntries(codePoints.map((cp) => [hex(cp), flattenControls(`a${String.fromCodePoint(cp)}b`)]))
    expect(seen).toEqual(Object.fromEntries(codePoints.map((cp) => [hex(cp), 'a b'])))
  })
})

describe('escapeJsonControls', () => {
  it('keeps the JSON value but writes C1, DEL and bidi controls as \\u escapes', () => {
    const value = { username: 'x\u009b2J\u202e\u007f\u001by' }
    const line = escapeJsonControls(JSON.stringify(value))
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/)
    expect(JSON.parse(line)).toEqual(value)
  })

  it.each(CLASSES)('writes every one of %s as an escape that reads back the same', (_, codePoints) => {
    // JSON.stringify already escapes C0 its own way (\n, \u001b); the rest is left to the escaper.
    const seen = Object.fromEntries(
      codePoints.map((cp) => {
        const char = String.fromCodePoint(cp)
        const line = escapeJsonControls(JSON.stringify(`a${char}b`))
        return [hex(cp), { raw: line.includes(char), value: JSON.parse(line) as unknown }]
      }),
    )
    expect(seen).toEqual(Object.fromEntries(codePoints.map((cp) => [hex(cp), { raw: false, value: `a${String.fromCodePoint(cp)}b` }])))
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
