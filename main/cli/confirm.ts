import { createInterface } from 'node:readline'
import type { CliIo } from './output'

/** A person's answer to a y/N question; 'no-terminal' when nobody is there to ask. */
export type Answer = 'yes' | 'no' | 'no-terminal'

/**
 * Asks `question` (already escaped) on the terminal, on stderr so stdout stays the command's
 * answer. Only "y" or "yes" is yes; Enter, Ctrl-D and Ctrl-C are no.
 */
export async function confirm(io: CliIo, question: string): Promise<Answer> {
  if (!process.stdin.isTTY) return 'no-terminal'
  const prompt = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await new Promise<string>((resolve) => {
      // Cut short, the question leaves the cursor after it: the next line starts on a line of its own.
      const cutShort = (): void => {
        io.stderr.write('\n')
        resolve('')
      }
      prompt.once('SIGINT', cutShort)
      prompt.once('close', cutShort)
      prompt.question(`${question} [y/N] `, resolve)
    })
    return /^\s*y(es)?\s*$/i.test(answer) ? 'yes' : 'no'
  } finally {
    prompt.removeAllListeners('close')
    prompt.close()
  }
}
