/** Hyphenated words a line must not split: "sign-" at one line's end and "in" on the next reads as two words. */
const unbroken = /(sign-in|plex\.tv)/

/** `text`, with each of those words kept whole on its line. */
export function UnbrokenWords({ text }: { readonly text: string }) {
  return (
    <>
      {text.split(unbroken).map((part, index) =>
        unbroken.test(part) ? (
          <span key={index} className="nowrap">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  )
}
