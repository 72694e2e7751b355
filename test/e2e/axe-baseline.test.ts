import { describe, expect, it } from 'vitest'
import { usePageForFile } from '../support/headless-chromium'
import { type AxeFinding, scanWithAxe } from './app-harness'
import { unreviewed } from './axe-baseline'

// What axe cannot decide reaches the suite and fails it until someone reviews it: shown on a page
// axe cannot judge (text on a gradient, whose contrast it cannot compute).

const page = usePageForFile()

const undecided = async (body: string): Promise<readonly AxeFinding[]> => {
  await page().setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>${body}</main></body></html>`)
  const { incomplete } = await scanWithAxe(page())
  return incomplete.map((rule) => ({ ...rule, scheme: 'light', size: 'minimum' }))
}

describe('axe results a person must decide', () => {
  it('are kept, and fail until reviewed', async () => {
    const findings = await undecided('<p id="on-gradient" style="background:linear-gradient(#fff,#777);color:#888">Hard to judge</p>')
    expect(unreviewed(findings)).toEqual(['color-contrast #on-gradient'])
    expect(unreviewed(findings, [{ rule: 'color-contrast', target: '#on-gradient', why: 'checked by eye' }])).toEqual([])
    // A review covers that element only.
    expect(unreviewed(findings, [{ rule: 'color-contrast', target: '#elsewhere', why: 'checked by eye' }])).toEqual(['color-contrast #on-gradient'])
  })

  it('are none on a plain page', async () => {
    expect(unreviewed(await undecided('<p>Plain text on plain ground.</p>'))).toEqual([])
  })
})
