import type { BrowserWindow as ElectronWindow } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { createConfirmSignOut } from '../../main/app/confirm-sign-out'
import { BrowserWindow, dialog, standIn } from '../support/electron-stand-in'

beforeEach(() => standIn.reset())

function setup(window: BrowserWindow | null = null, signOut: () => Promise<unknown> = () => Promise.resolve()) {
  let signOuts = 0
  const confirm = createConfirmSignOut({
    signOut: () => {
      signOuts += 1
      return signOut()
    },
    // The stand-in plays Electron's BrowserWindow; the module only asks it what Electron's would answer.
    parent: () => window as unknown as ElectronWindow | null,
  })
  return { confirm, signOuts: () => signOuts }
}

describe('confirmSignOut (the tray asks before it signs out)', () => {
  it('signs out only when "Sign out" is chosen', async () => {
    const { confirm, signOuts } = setup()
    dialog.answer = () => 1
    expect(await confirm()).toBe(false)
    expect(signOuts()).toBe(0)

    dialog.answer = () => 0
    expect(await confirm()).toBe(true)
    expect(signOuts()).toBe(1)
  })

  it('asks the window\'s question, with Cancel as the choice Enter and Escape make', async () => {
    const { confirm } = setup()
    dialog.answer = () => 1
    await confirm()
    expect(dialog.messageBoxes).toHaveLength(1)
    const options = dialog.messageBoxes[0]?.options
    expect(options).toMatchObject({ message: 'Sign out of Plex?', buttons: ['Sign out', 'Cancel'], defaultId: 1, cancelId: 1 })
    expect(String(options?.['detail'])).toContain('remove the token from the keychain')
  })

  it('attaches the question to the window only while the window is on screen', async () => {
    const window = new BrowserWindow()
    const { confirm } = setup(window)
    dialog.answer = () => 1
    await confirm()
    window.show()
    await confirm()
    window.destroy()
    await confirm()
    expect(dialog.messageBoxes.map((box) => box.parent)).toEqual([null, window, null])
  })

  it('a second click while the question is open gets the same answer, not a second dialog', async () => {
    const { confirm, signOuts } = setup()
    let click: (button: number) => void = () => undefined
    dialog.answer = () => new Promise<number>((resolve) => (click = resolve))
    const first = confirm()
    const second = confirm()
    await Promise.resolve()
    expect(dialog.messageBoxes).toHaveLength(1)
    click(0)
    expect(await Promise.all([first, second])).toEqual([true, true])
    expect(signOuts()).toBe(1)

    // Once answered, the next click asks again.
    dialog.answer = () => 1
    expect(await confirm()).toBe(false)
    expect(dialog.messageBoxes).toHaveLength(2)
  })

  it('never rejects: a failed sign-out is logged, and the next click asks again', async () => {
    const { confirm, signOuts } = setup(null, () => Promise.reject(new Error('keychain gone')))
    dialog.answer = () => 0
    await expect(confirm()).resolves.toBe(false)
    await expect(confirm()).resolves.toBe(false)
    expect(signOuts()).toBe(2)
  })
})
