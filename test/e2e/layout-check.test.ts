import { describe, expect, it } from 'vitest'
import { usePageForFile } from '../support/headless-chromium'
import { findLayoutProblems } from './layout-check'

// The layout check the screenshots rely on, shown to find what it claims to find, so its silence
// on the real screens means something.

const page = usePageForFile()

const show = (body: string) => page().setContent(`<!doctype html><html><body style="margin:0">${body}</body></html>`)

describe('findLayoutProblems', () => {
  it('finds nothing wrong with a plain, fitting page', async () => {
    await show('<h1>Title</h1><p>Some text.</p><button>One</button> <button>Two</button>')
    expect(await findLayoutProblems(page())).toEqual([])
  })

  it('finds a page wider than the window, and what sticks out', async () => {
    await show('<div style="width:600px"><button style="margin-left:450px">Far</button></div>')
    const problems = await findLayoutProblems(page())
    expect(problems).toContain('the page scrolls sideways (600px for 380px)')
    expect(problems.some((problem) => problem.startsWith('button "Far" sticks out of the window'))).toBe(true)
  })

  it('finds text cut off by its box', async () => {
    await show('<p style="width:100px;overflow:hidden;white-space:nowrap">A sentence far too long for its box</p>')
    expect(await findLayoutProblems(page())).toEqual(['p "A sentence far too long for its box" cuts off its content'])
  })

  it('finds text cut off by a box with no text of its own, a card of facts', async () => {
    // As .facts clips its rows to its rounded corners: the value sticks out of the card, not of the window.
    await show(
      '<dl style="width:200px;overflow:hidden;border-radius:8px"><div><dt>Plex Pass</dt>' +
        '<dd style="margin:0;white-space:nowrap">Active until the end of a long time</dd></div></dl>',
    )
    expect(await findLayoutProblems(page())).toEqual(['dl "Plex PassActive until the end of a long time" cuts off its content'])
  })

  it('finds rows cut off at the bottom of a list with no text of its own', async () => {
    // As .server-list: a fixed-height card that hides the rows that do not fit.
    await show('<ul style="height:40px;overflow:hidden;margin:0"><li style="height:30px">Basement</li><li style="height:30px">Cabin</li></ul>')
    expect(await findLayoutProblems(page())).toEqual(['ul "BasementCabin" cuts off its content'])
  })

  it('finds a control cut off by a clipping box inside the window', async () => {
    await show('<div style="width:120px;overflow:hidden"><span><button style="margin-left:90px;white-space:nowrap">Copy address</button></span></div>')
    expect(await findLayoutProblems(page())).toContain('div "Copy address" cuts off its content')
  })

  it('lets a name be cut with "…" on purpose when its tooltip holds the whole of it, and only then', async () => {
    const cut = 'display:block;width:80px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis'
    await show(`<p><bdi style="${cut}" title="A very long server name">A very long server name</bdi></p>`)
    expect(await findLayoutProblems(page())).toEqual([])
    await show(`<p><bdi style="${cut}">A very long server name</bdi></p>`)
    expect(await findLayoutProblems(page())).toEqual(['bdi "A very long server name" cuts off its content'])
    await show(`<p><bdi style="${cut}" title="A very long">A very long server name</bdi></p>`)
    expect(await findLayoutProblems(page())).toEqual(['bdi "A very long server name" cuts off its content'])
  })

  it('finds nothing wrong with a clipping box whose content fits', async () => {
    await show('<ul style="overflow:hidden;border-radius:8px;margin:0"><li>Basement</li><li>Cabin</li></ul>')
    expect(await findLayoutProblems(page())).toEqual([])
  })

  it('leaves alone what is clipped to nothing for screen readers, as a short window hides a heading', async () => {
    await show(
      '<h1 style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap">A heading for screen readers</h1><p>Text.</p>',
    )
    expect(await findLayoutProblems(page())).toEqual([])
  })

  it('finds two controls on top of each other', async () => {
    await show('<button style="position:absolute;top:10px;left:10px">Under</button><button style="position:absolute;top:14px;left:20px">Over</button>')
    expect(await findLayoutProblems(page())).toContain('button "Under" overlaps button "Over"')
  })

  it('finds a control that something covers even once focus scrolls it into view', async () => {
    await show(
      '<div style="height:900px"></div><button>Hidden</button><div style="height:300px"></div>' +
        '<div style="position:fixed;bottom:0;left:0;right:0;height:400px;background:#ccc">bar</div>',
    )
    expect(await findLayoutProblems(page())).toEqual(['button "Hidden" is covered by div "bar" when focused'])
  })

  it('leaves focus and scroll where they were', async () => {
    await show('<div style="height:2000px"><button id="first">First</button></div><button>Last</button>')
    await page().evaluate("document.getElementById('first').focus(); window.scrollTo(0, 300)")
    await findLayoutProblems(page())
    expect(await page().evaluate<string>('document.activeElement.id')).toBe('first')
    expect(await page().evaluate<number>('window.scrollY')).toBe(300)
  })

  it('finds primary content below the fold, however reachable by scrolling', async () => {
    await show(
      '<h1>Title</h1><div style="height:480px"></div><p data-primary>The code</p>' +
        '<button class="button-primary">Go</button><p>Secondary text may be lower.</p>',
    )
    const problems = await findLayoutProblems(page())
    expect(problems.filter((problem) => problem.includes('below the fold')).map((problem) => problem.replace(/ \(.*/, ''))).toEqual([
      'p "The code" is below the fold',
      'button.button-primary "Go" is below the fold',
    ])
  })

  it('counts the fold from the top, wherever the page was scrolled', async () => {
    await show('<div style="height:900px"></div><h1>Title far down</h1>')
    await page().evaluate('window.scrollTo(0, 800)')
    expect((await findLayoutProblems(page())).some((problem) => problem.startsWith('h1 "Title far down" is below the fold'))).toBe(true)
  })
})
