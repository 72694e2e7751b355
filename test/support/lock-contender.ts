import { appendFileSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { createProcessLock } from '../../main/core/config/process-lock'

// One of several processes taking the same lock over and over, as Plexkey's commands and app do.
// Inside each hold it claims an occupancy marker: finding one whose writer still runs means two
// holders at once, and is reported. A test kills holders mid-hold to leave abandoned locks behind.
const [file = '', marker = '', report = ''] = process.argv.slice(2)
const HOLD_MS = 200

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

function claim(): void {
  try {
    writeFileSync(marker, String(process.pid), { flag: 'wx' })
    return
  } catch {
    // Left by a holder before us: killed mid-hold, or still inside with us.
  }
  const other = Number(readFileSync(marker, 'utf8'))
  if (other > 0 && running(other)) appendFileSync(report, `overlap ${process.pid} ${other}\n`)
  writeFileSync(marker, String(process.pid))
}

async function contend(): Promise<never> {
  const lock = createProcessLock({ file, pollMs: 2 })
  for (;;) {
    await lock.hold(async () => {
      claim()
      appendFileSync(report, `in ${process.pid}\n`)
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS))
      if (readFileSync(marker, 'utf8') === String(process.pid)) unlinkSync(marker)
    })
  }
}

void contend()
