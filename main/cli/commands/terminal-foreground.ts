import { readFileSync } from 'node:fs'
import { isatty } from 'node:tty'

/**
 * Whether a key typed in our terminal (Ctrl-C, Ctrl-\) already reaches a command we started: the
 * terminal sends SIGINT and SIGQUIT to its whole foreground process group, and a command spawned
 * without `detached` is in ours. True when stdin is a terminal and, where Linux says so in
 * /proc/self/stat (fields pgrp and tpgid), our group is that terminal's foreground group.
 */
export function terminalSignalsReachChild(): boolean {
  if (!isatty(0)) return false
  if (process.platform !== 'linux') return true
  let stat: string
  try {
    stat = readFileSync('/proc/self/stat', 'utf8')
  } catch {
    return true
  }
  // "pid (comm) state ppid pgrp session tty_nr tpgid …": comm may hold spaces and parentheses.
  const [, , pgrp, , , tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return pgrp !== undefined && pgrp === tpgid
}
