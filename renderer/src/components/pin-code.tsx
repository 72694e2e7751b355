import { spellCode } from '../format/spell-code'

/** Characters a glance can mistake for each other in a code that may hold both. */
const lookalikes: Readonly<Record<string, string>> = { '0': 'zero', O: 'letter O' }

/**
 * The 4-character code, large for eyes and spelled out for ears: screen readers get "A, B, 7, Q",
 * never a word they would try to pronounce. Codes may hold both zero and the letter O, so each
 * one is named under itself (the slashed zero alone depends on the font).
 */
export function PinCode({ code }: { readonly code: string }) {
  return (
    <p className="pin-code" data-primary>
      <span className="visually-hidden">{`Code: ${spellCode(code)}`}</span>
      <span className="pin-code-chars" aria-hidden="true">
        {Array.from(code).map((char, index) => (
          <span key={index} className="pin-char">
            {char}
            {lookalikes[char] !== undefined && <span className="pin-char-note">{lookalikes[char]}</span>}
          </span>
        ))}
      </span>
    </p>
  )
}
