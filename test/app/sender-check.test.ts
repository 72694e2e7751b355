import { describe, expect, it } from 'vitest'
import { isTrustedSender } from '../../main/app/sender-check'
import { StandInFrame, StandInWebContents } from '../support/electron-stand-in'

function ourWindow(url = 'app://plexkey/index.html') {
  const contents = new StandInWebContents()
  contents.mainFrame.url = url
  return { contents, trusted: { webContents: contents, origin: 'app://plexkey' } }
}

describe('isTrustedSender', () => {
  it('accepts our window’s main frame on our origin', () => {
    const { contents, trusted } = ourWindow()
    expect(isTrustedSender({ sender: contents, senderFrame: contents.mainFrame }, trusted)).toBe(true)
  })

  it('refuses another webContents, even one showing our page', () => {
    const { trusted } = ourWindow()
    const other = ourWindow().contents
    expect(isTrustedSender({ sender: other, senderFrame: other.mainFrame }, trusted)).toBe(false)
  })

  it('refuses a subframe of our window, even on our origin', () => {
    const { contents, trusted } = ourWindow()
    const child = new StandInFrame('app://plexkey/index.html', contents.mainFrame, contents.mainFrame.processId)
    expect(isTrustedSender({ sender: contents, senderFrame: child }, trusted)).toBe(false)
  })

  it('refuses a frame from another webContents presented as ours', () => {
    const { contents, trusted } = ourWindow()
    const foreign = ourWindow().contents.mainFrame
    expect(isTrustedSender({ sender: contents, senderFrame: foreign }, trusted)).toBe(false)
  })

  it.each([
    'https://evil.example/',
    'app://evil/index.html',
    'file:///etc/passwd',
    'about:blank',
    'app://user@plexkey/index.html',
  ])('refuses our main frame once it shows %s', (url) => {
    const { contents, trusted } = ourWindow(url)
    expect(isTrustedSender({ sender: contents, senderFrame: contents.mainFrame }, trusted)).toBe(false)
  })

  it('refuses a missing frame, a destroyed window and no window at all', () => {
    const { contents, trusted } = ourWindow()
    expect(isTrustedSender({ sender: contents, senderFrame: null }, trusted)).toBe(false)
    expect(isTrustedSender({ sender: contents, senderFrame: contents.mainFrame }, null)).toBe(false)
    contents.destroy()
    expect(isTrustedSender({ sender: contents, senderFrame: contents.mainFrame }, trusted)).toBe(false)
  })
})
