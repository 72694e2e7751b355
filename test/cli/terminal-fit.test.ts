import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { fitColumns, outputColumns, wrapColumns } from '../../main/cli/terminal-fit'

describe('fitting text to terminal columns', () => {
  it('cuts with … at whole code points, counting wide characters as two columns', () => {
    expect(fitColumns('Basement', 8)).toBe('Basement')
    expect(fitColumns('Basement', 7)).toBe('Baseme…')
    expect(fitColumns('山田の家', 5)).toBe('山田…')
    expect(fitColumns('🎬🎬🎬', 4)).toBe('🎬…')
    for (const width of [1, 2, 3, 9]) expect(stringWidth(fitColumns('Zoë 山田 🎬 ada', width))).toBeLessThanOrEqual(width)
  })

  it('wraps at spaces, indents what follows, and cuts a word too long for a line unless asked for whole', () => {
    const text = 'Attic is offline: Tried http://127.0.0.1:41181/a-very-long-path (local: refused).'
    const cut = wrapColumns(text, 30, { indent: 2, whole: false })
    expect(cut).toEqual(['Attic is offline: Tried', '  http://127.0.0.1:41181/a-ve…', '  (local: refused).'])
    expect(cut.every((line) => stringWidth(line) <= 30)).toBe(true)
    const whole = wrapColumns(text, 30, { indent: 2, whole: true })
    expect(whole[1]).toBe('  http://127.0.0.1:41181/a-very-long-path')
    expect(whole.join(' ').replace(/ {2,}/g, ' ')).toBe(text)
  })

  it('takes the terminal’s width, else COLUMNS, else 80', () => {
    expect(outputColumns({ write: () => true, isTTY: true, columns: 52 }, { COLUMNS: '120' })).toBe(52)
    expect(outputColumns({ write: () => true }, { COLUMNS: '120' })).toBe(120)
    expect(outputColumns({ write: () => true }, { COLUMNS: 'wide' })).toBe(80)
    expect(outputColumns({ write: () => true, isTTY: true }, {})).toBe(80)
  })
})
