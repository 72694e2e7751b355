import { spawn } from 'node:child_process'
import { hostname } from 'node:os'

/** The pid of a process that has exited: no process runs under it now. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  if (child.pid === undefined) throw new Error('no pid')
  return child.pid
}

/** What a lock file holds when its owner was killed (kill -9) while holding it, on this machine. */
export async function lockOfDeadOwner(): Promise<string> {
  return JSON.stringify({ pid: await deadPid(), host: hostname(), nonce: 'gone', at: Date.now() })
}
