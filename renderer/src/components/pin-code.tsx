import { spellCode } from '../format/spell-code'

/** Characters a glance (or a font without a slashed zero) can mistake for each other, and what they are. */
const lookalikes: readonly (readonly [string, string])[] = [
  ['0', '0 is zero'],
  ['O', 'O is the letter O'],
]

/**
 * The 4-character code, large for eyes and spelled out for ears: screen readers get "A, B, 7, Q",
 * never a word they would try to pronounce. Codes may hold both zero and the letter O, so a line
 * under the code says which is which whenever one of them is in it.
 */
export function PinCode({ code }: { readonly code: string }) {
  const hint = lookalikes.flatMap(([char, words]) => (code.includes(char) ? [words] : [])).join(', ')
  return (
    <div className="pin-code" data-primary>
      <p className="visually-hidden">{`Code: ${spellCode(code)}`}</p>
      <p className="pin-code-chars" aria-hidden="true">
        {Array.from(code).map((char, index) => (
          <span key={index} className="pin-char">
            {char}
          </span>
        ))}
      </p>
      {hint !== '' && (
        <p className="pin-code-hint" aria-hidden="true">
          {`${hint}.`}
        </p>
      )}
    </div>
  )
}
