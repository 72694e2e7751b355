/**
 * Reads a response body up to `maxBytes`. A larger body (announced by Content-Length or found while
 * streaming) is not read any further: the caller's abort stops the transfer.
 */
export type BodyRead = { readonly kind: 'ok'; readonly bytes: Uint8Array } | { readonly kind: 'too-large' }

export async function readBodyCapped(response: Response, maxBytes: number): Promise<BodyRead> {
  const announced = Number(response.headers.get('content-length'))
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    return { kind: 'too-large' }
  }
  if (!response.body) return { kind: 'ok', bytes: new Uint8Array(0) }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return { kind: 'too-large' }
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { kind: 'ok', bytes }
}
