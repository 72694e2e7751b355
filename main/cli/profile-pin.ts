import type { Result } from '../../preload/api'
import { isPinRefusal, type PinRefusal, type ProfileContext, pinWaitUntil } from '../core/home/profile-switch'
import { safeLabel } from '../core/servers/server-text'
import { EXIT, type ExitCode } from './exit-codes'
import { type CliIo, printError, printFailure } from './output'
import { askPin, canAskPin } from './pin-prompt'

/** A Home profile as a PIN prompt names it. */
export interface NamedProfile {
  readonly uuid: string
  readonly title: string
}

export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly exit: ExitCode }

const two = (n: number): string => String(n).padStart(2, '0')

/** "21:50:05 (in 20 s)": when the next PIN may be tried, as a person at this computer reads it. */
function untilText(at: number, now: number): string {
  const when = new Date(at)
  const seconds = Math.max(1, Math.ceil((at - now) / 1000))
  return `${two(when.getHours())}:${two(when.getMinutes())}:${two(when.getSeconds())} (in ${seconds} s)`
}

/** One line saying why the PIN did not do, then exit 6. Never the PIN itself. */
function refusedLine(io: CliIo, profile: NamedProfile, error: PinRefusal, why: 'no-terminal' | 'none-typed' | null, now: number): ExitCode {
  const name = `"${safeLabel(profile.title)}"`
  const wait = error.retryAt === undefined ? '' : ` Too many wrong PINs in a row: the next try waits until ${untilText(error.retryAt, now)}.`
  const lines: Readonly<Record<PinRefusal['pin'], string>> = {
    missing:
      why === 'none-typed'
        ? `No PIN was given for ${name}. Nothing was changed.`
        : `${name} needs its PIN, and there is no terminal to ask on: pass it as one line on stdin with --pin-stdin. Nothing was changed.`,
    format: `A Home PIN is 4 digits. Nothing was changed.`,
    wrong: `plex.tv did not accept that PIN for ${name}. Nothing was changed.${wait}`,
    wait: `Too many wrong PINs in a row for ${name}: the next try waits until ${untilText(error.retryAt ?? now, now)}. Nothing was sent to plex.tv.`,
  }
  printError(io, lines[error.pin])
  return EXIT.pinNeeded
}

/** The PIN `--pin-stdin` read (undefined: an empty line or none), or a terminal to ask on. */
export type PinSource = { readonly kind: 'stdin'; readonly pin: string | undefined } | { readonly kind: 'terminal' }

/**
 * Runs `attempt` with the PIN given on stdin (if any). When plex.tv (or the profile's protection)
 * wants a PIN that was not given, asks for it on the terminal without echo and tries once more,
 * unless too many wrong ones came in a row: then it says until when, and plex.tv is not asked.
 * Any failure is printed; PIN failures are exit 6.
 */
export async function withPin<T>(
  io: CliIo,
  ctx: ProfileContext,
  profile: NamedProfile,
  source: PinSource,
  attempt: (pin: string | undefined) => Promise<Result<T>>,
): Promise<Settled<T>> {
  let result = await attempt(source.kind === 'stdin' ? source.pin : undefined)
  let why: 'no-terminal' | 'none-typed' | null = null
  const wantsPin = (r: Result<T>): boolean => !r.ok && isPinRefusal(r.error) && r.error.pin === 'missing'
  if (wantsPin(result) && source.kind === 'stdin') why = 'none-typed'
  else if (wantsPin(result)) {
    const waitUntil = await pinWaitUntil(ctx, profile.uuid)
    if (waitUntil !== null) {
      const error: PinRefusal = { code: 'home-pin-required', message: '', retryable: true, pin: 'wait', retryAt: waitUntil }
      return { ok: false, exit: refusedLine(io, profile, error, null, ctx.now()) }
    }
    if (!canAskPin()) why = 'no-terminal'
    else {
      const typed = await askPin(io, `PIN for "${safeLabel(profile.title)}": `)
      if (typed.kind === 'interrupted') return { ok: false, exit: EXIT.interrupted }
      if (typed.kind === 'none') why = 'none-typed'
      else result = await attempt(typed.pin)
    }
  }
  if (result.ok) return result
  if (isPinRefusal(result.error)) return { ok: false, exit: refusedLine(io, profile, result.error, why, ctx.now()) }
  return { ok: false, exit: printFailure(io, result.error) }
}
