import { readSync } from 'node:fs'
import type { CliIo } from './output'

/** What a person typed at the PIN prompt: a PIN, nothing (Enter or Ctrl-D alone), or Ctrl-C. */
export type TypedPin = { readonly kind: 'pin'; readonly pin: string } | { readonly kind: 'none' } | { readonly kind: 'interrupted' }

/** Longer than any PIN: what is typed past it is not kept. */
const MAX_PIN_LENGTH = 64

/** Whether a person is there to type a PIN: stdin is a terminal. */
export function canAskPin(): boolean {
  return process.stdin.isTTY === true
}

/**
 * Asks for a PIN on the terminal as a password prompt does: the prompt on stderr, stdin in raw
 * mode so nothing typed is echoed, Backspace working, Enter ending it, Ctrl-D as nothing and
 * Ctrl-C as an interruption. The terminal is put back as it was whatever happens.
 */
export function askPin(io: CliIo, prompt: string): Promise<TypedPin> {
  const stdin = process.stdin
  io.stderr.write(prompt)
  return new Promise<TypedPin>((resolve) => {
    let typed = ''
    const finish = (result: TypedPin): void => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      // Enter was not echoed either: the next line starts on a line of its own.
      io.stderr.write('\n')
      typed = ''
      resolve(result)
    }
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') return finish({ kind: 'interrupted' })
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(typed === '' ? { kind: 'none' } : { kind: 'pin', pin: typed })
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1)
        else if (char >= ' ' && typed.length < MAX_PIN_LENGTH) typed += char
      }
    }
    stdin.setRawMode(true)
    stdin.on('data', onData)
    stdin.resume()
  })
}

/**
 * `--pin-stdin`: the first line of stdin, without its line ending; null when stdin ends with
 * nothing. Read a byte at a time straight from the descriptor, so that nothing past that line is
 * taken from a command `exec` then runs on the same stdin.
 */
export function readPinLine(fd = 0): string | null {
  const byte = Buffer.alloc(1)
  const bytes: number[] = []
  for (;;) {
    let read: number
    try {
      read = readSync(fd, byte, 0, 1, null)
    } catch (error) {
      // A stdin left non-blocking by whoever started us: wait for the next byte.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
        continue
      }
      if ((error as NodeJS.ErrnoException).code === 'EOF') break
      throw error
    }
    if (read === 0 || byte[0] === 0x0a) break
    if (bytes.length < MAX_PIN_LENGTH) bytes.push(byte[0] ?? 0)
  }
  const line = Buffer.from(bytes).toString('utf8').replace(/\r$/, '')
  bytes.fill(0)
  return line === '' ? null : line
}
