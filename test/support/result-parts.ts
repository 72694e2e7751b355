/** The value of a result the test expects to succeed; an error fails the test with its code and message. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The error of a result the test expects to fail; a success fails the test. */
export function errorOf<E>(result: { readonly ok: true } | { readonly ok: false; readonly error: E }): E {
  if (result.ok) throw new Error('expected an error')
  return result.error
}
