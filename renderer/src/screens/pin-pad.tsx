import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import type { AppError, ProfileListing } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { settled } from '../bridge/settled'
import { useAnnouncer } from '../components/announcer'
import { WaitCountdown } from '../components/countdown'
import { Name } from '../components/name'
import { errorCopy } from '../copy/error-copy'
import { identityCopy, pinPadTitle, switchFailureText } from '../copy/identity-copy'
import { describeDuration, secondsUntil } from '../format/durations'
import { useNow } from '../hooks/use-now'
import { IdentityAvatar } from './account-avatar'

const PIN_LENGTH = 4
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const

/** Where the pad is: taking digits, waiting for main's answer, told why not, or made to wait. */
type PadState =
  | { readonly kind: 'entering' }
  | { readonly kind: 'sending' }
  | { readonly kind: 'refused'; readonly text: string }
  | { readonly kind: 'waiting'; readonly until: number; readonly lead: string }

/**
 * Four digits for a protected Home profile, typed or pressed on the keys below, masked. The digits
 * live in the password field alone, never in React state; at the fourth the pad sends them to
 * main once and empties the field before the answer comes. A wrong PIN leaves the pad in place
 * with the field empty and says so; after repeated misses main says when the next try may be,
 * and the pad counts down to it, disabled.
 */
export function PinPad({
  profile,
  onSwitched,
  onCancel,
}: {
  readonly profile: ProfileListing
  readonly onSwitched: () => void
  readonly onCancel: () => void
}) {
  const { api } = useBridge()
  const say = useAnnouncer()
  const now = useNow()
  const titleId = useId()
  const inputId = useId()
  const hintId = useId()
  const messageId = useId()
  const rootRef = useRef<HTMLElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const backRef = useRef<HTMLButtonElement>(null)
  // How many digits are in the field: what the keys need to know, and all React keeps.
  const [count, setCount] = useState(0)
  const [pad, setPad] = useState<PadState>({ kind: 'entering' })
  const waiting = pad.kind === 'waiting' && secondsUntil(pad.until, now) > 0
  const locked = waiting || pad.kind === 'sending'

  useEffect(() => {
    inputRef.current?.focus()
  }, [])

  // The wait is over: said once, and the field takes focus again if focus was in the pad.
  const waitOver = pad.kind === 'waiting' && !waiting
  useEffect(() => {
    if (!waitOver) return
    say(identityCopy.pinAgain, 'polite')
    const active = document.activeElement
    if (active === null || active === document.body || rootRef.current?.contains(active)) inputRef.current?.focus()
  }, [waitOver, say])

  const send = async (input: HTMLInputElement): Promise<void> => {
    const answer = settled(() => api.profiles.switch({ uuid: profile.uuid, pin: input.value }))
    // Emptied the moment the call is made: the PIN is in no field, state or closure past this line.
    input.value = ''
    setCount(0)
    setPad({ kind: 'sending' })
    const result = await answer
    if (result.ok) return onSwitched()
    const next = refusal(result.error, Date.now())
    setPad(next)
    if (next.kind === 'waiting') {
      say(`${next.lead} ${describeDuration(secondsUntil(next.until, Date.now()))}.`, 'assertive')
      backRef.current?.focus()
    } else {
      say(next.text, 'assertive')
      // After the field was read-only, focus is still in it; after a key, put it back there.
      inputRef.current?.focus()
    }
  }

  /** Keeps the field to digits, at most four, and sends at the fourth. */
  const settle = (input: HTMLInputElement): void => {
    const digits = input.value.replace(/\D/g, '').slice(0, PIN_LENGTH)
    if (input.value !== digits) input.value = digits
    setCount(digits.length)
    if (digits.length > 0 && pad.kind === 'refused') setPad({ kind: 'entering' })
    if (digits.length === PIN_LENGTH) void send(input)
  }

  const press = (digit: string): void => {
    const input = inputRef.current
    if (input === null || locked) return
    input.value += digit
    settle(input)
  }

  const deleteLast = (): void => {
    const input = inputRef.current
    if (input === null || locked) return
    input.value = input.value.slice(0, -1)
    settle(input)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation()
    onCancel()
  }

  const name = profile.title
  return (
    <section ref={rootRef} className="pin-pad card" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <div className="pin-pad-head">
        <IdentityAvatar name={name} avatar={profile.avatar} small />
        <h2 id={titleId} className="pin-pad-title" aria-label={pinPadTitle(profile)}>
          <span aria-hidden="true">Enter the PIN for</span>
          <Name text={name} className="pin-pad-name" />
        </h2>
      </div>
      <div role="group" className="pin-entry" data-primary aria-labelledby={titleId} aria-describedby={`${hintId} ${messageId}`}>
        <label htmlFor={inputId} className="field-label">
          PIN
        </label>
        <input
          ref={inputRef}
          id={inputId}
          className="field pin-field"
          type="password"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={PIN_LENGTH}
          autoComplete="off"
          spellCheck={false}
          readOnly={pad.kind === 'sending'}
          disabled={waiting}
          aria-describedby={`${hintId} ${messageId}`}
          onInput={(event) => settle(event.currentTarget)}
        />
        <p id={hintId} className="pin-hint">
          {identityCopy.pinHint}
        </p>
        <div className="keypad">
          {DIGITS.map((digit) => (
            <PadKey key={digit} text={digit} disabled={locked} onPress={() => press(digit)} />
          ))}
          <span aria-hidden="true" />
          <PadKey text="0" disabled={locked} onPress={() => press('0')} />
          <PadKey text="⌫" label="Delete last digit" disabled={locked || count === 0} onPress={deleteLast} />
        </div>
      </div>
      {/* What happened to the last try, in view with the keys: the reason to look at all. */}
      <div id={messageId} className="pin-message" data-primary>
        {pad.kind === 'sending' && <p className="pin-status">{identityCopy.checkingPin}</p>}
        {pad.kind === 'refused' && <p className="notice notice-warning">{pad.text}</p>}
        {pad.kind === 'waiting' &&
          (waiting ? (
            <div className="notice notice-warning">
              <WaitCountdown lead={pad.lead} until={pad.until} now={now} />
            </div>
          ) : (
            <p className="notice notice-info">{identityCopy.pinAgain}</p>
          ))}
      </div>
      <button ref={backRef} type="button" className="button button-secondary pin-back" onClick={onCancel}>
        Back to profiles
      </button>
    </section>
  )
}

/** One key. A symbol for a key (⌫) is drawn for eyes and its words given to ears, as the key's own text. */
function PadKey({ text, label, disabled, onPress }: { readonly text: string; readonly label?: string; readonly disabled: boolean; readonly onPress: () => void }) {
  return (
    <button type="button" className="pad-key" disabled={disabled} onClick={onPress}>
      {label === undefined ? (
        text
      ) : (
        <>
          <span aria-hidden="true">{text}</span>
          <span className="visually-hidden">{label}</span>
        </>
      )}
    </button>
  )
}

/** main's refusal as the pad shows it: a wait to count down when it says when to try again, else why. */
function refusal(error: AppError, now: number): Extract<PadState, { kind: 'refused' | 'waiting' }> {
  if (error.retryAt !== undefined && error.retryAt > now) {
    const lead = error.code === 'home-pin-required' ? identityCopy.pinWaitLead : `${errorCopy(error).title}. Try again in`
    return { kind: 'waiting', until: error.retryAt, lead }
  }
  return { kind: 'refused', text: switchFailureText(error, true) }
}
