import type { CliStream } from './output'

/** How stdout ended, if it did: its reader went away (a closed pipe), or a write failed (a full disk). */
export type OutputEnd = { readonly kind: 'closed' } | { readonly kind: 'failed'; readonly reason: string }

/** The part of a Node stream the guard needs: process.stdout, or a test's stand-in. */
export interface GuardedTarget {
  write(text: string): unknown
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

export interface GuardedOutput {
  readonly stream: CliStream
  /** null while stdout still works. */
  ended(): OutputEnd | null
  /** Calls `handler` once when stdout ends (soon, if it has already); returns the way to stop listening. */
  onEnd(handler: (end: OutputEnd) => void): () => void
}

function reasonOf(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOSPC':
      return 'no space left on the device'
    case 'EDQUOT':
      return 'the disk quota is used up'
    case 'EIO':
      return 'an input/output error'
    default:
      return error.code ?? error.message
  }
}

/**
 * stdout as Unix tools treat it. A write error arrives as an 'error' event, which Node turns into
 * a crash with a stack trace when nobody listens. Here it ends the output instead: a reader that
 * went away (EPIPE: `plexkey login --json | head -1`) ends it quietly, like SIGPIPE ends a C tool;
 * any other failure is said in one sentence on stderr. Later writes are dropped, and whoever
 * waits on the output (a sign-in) is told, so it can stop.
 */
export function guardOutput(target: GuardedTarget, stderr: CliStream): GuardedOutput {
  let end: OutputEnd | null = null
  const handlers = new Set<(end: OutputEnd) => void>()
  target.on('error', (error) => {
    if (end) return
    end = error.code === 'EPIPE' ? { kind: 'closed' } : { kind: 'failed', reason: reasonOf(error) }
    if (end.kind === 'failed') stderr.write(`plexkey could not write its output (${end.reason}).\n`)
    for (const handler of [...handlers]) handler(end)
    handlers.clear()
  })
  return {
    stream: {
      write: (text) => (end ? false : target.write(text)),
      ...(target.isTTY !== undefined ? { isTTY: target.isTTY } : {}),
      // Read at each use: a terminal's width changes when its window is resized.
      get columns() {
        return target.columns
      },
    },
    ended: () => end,
    onEnd: (handler) => {
      // Ended already (before a sign-in began to wait, say): told at once, as a later listener would be.
      const already = end
      if (already) {
        queueMicrotask(() => handler(already))
        return () => undefined
      }
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
  }
}
