import { spellCode } from '../format/spell-code'

/**
 * The 4-character code, large for eyes and spelled out for ears: screen readers get "A, B, 7, Q",
 * never a word they would try to pronounce.
 */
export function PinCode({ code }: { readonly code: string }) {
  return (
    <p className="pin-code">
      <span className="visually-hidden">{`Code: ${spellCode(code)}`}</span>
      <span className="pin-code-chars" aria-hidden="true">
        {Array.from(code).map((char, index) => (
          <span key={index} className="pin-char">
            {char}
          </span>
        ))}
      </span>
    </p>
  )
}
