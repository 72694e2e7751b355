import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { guardOutput, type OutputEnd } from '../../main/cli/guarded-output'

/** A stdout stand-in: records writes, and fails them the way Node does, with an 'error' event. */
function fakeStdout() {
  const emitter = new EventEmitter()
  const written: string[] = []
  return {
    written,
    fail: (code: string) => emitter.emit('error', Object.assign(new Error(code), { code })),
    target: {
      write: (text: string) => written.push(text),
      on: (event: 'error', listener: (error: NodeJS.ErrnoException) => void) => emitter.on(event, listener),
    },
  }
}

describe('guardOutput', () => {
  it('ends quietly when the reader goes away, drops later writes and tells every listener once', () => {
    const out = fakeStdout()
    const stderr: string[] = []
    const guarded = guardOutput(out.target, { write: (text) => stderr.push(text) })
    const ends: OutputEnd[] = []
    guarded.onEnd((end) => ends.push(end))
    guarded.stream.write('one\n')
    out.fail('EPIPE')
    out.fail('EPIPE')
    guarded.stream.write('two\n')
    expect(out.written).toEqual(['one\n'])
    expect(ends).toEqual([{ kind: 'closed' }])
    expect(guarded.ended()).toEqual({ kind: 'closed' })
    expect(stderr).toEqual([])
  })

  it('says a failed write in one sentence', () => {
    const out = fakeStdout()
    const stderr: string[] = []
    const guarded = guardOutput(out.target, { write: (text) => stderr.push(text) })
    out.fail('ENOSPC')
    out.fail('EIO')
    expect(stderr).toEqual(['plexkey could not write its output (no space left on the device).\n'])
    expect(guarded.ended()).toEqual({ kind: 'failed', reason: 'no space left on the device' })
  })

  it('tells a listener that comes after the end, too', async () => {
    const out = fakeStdout()
    const guarded = guardOutput(out.target, { write: () => undefined })
    out.fail('EPIPE')
    const late = await new Promise<OutputEnd>((resolve) => guarded.onEnd(resolve))
    expect(late).toEqual({ kind: 'closed' })
  })
})
