/**
 * What kind of network failure a rejected fetch was, read in one place for every transport.
 *
 * Node's fetch rejects with `TypeError('fetch failed')` whose `cause` carries a `code` (ECONNREFUSED,
 * DEPTH_ZERO_SELF_SIGNED_CERT, ...). Electron's net carries no code: its failure is a bare
 * `Error('net::ERR_CONNECTION_REFUSED')`, certificate failures included (`net::ERR_CERT_*`,
 * `net::ERR_SSL_*`), and main's transport hands it on as the cause. Both are read here.
 */
export type NetworkFailureKind = 'refused' | 'certificate' | 'unresolved' | 'other'

export interface NetworkFailure {
  readonly kind: NetworkFailureKind
  /** The code or net:: name (or else the message) for the log: never shown as it is. */
  readonly detail: string
}

const NET_NAME = /^net::(ERR_[A-Z0-9_]+)$/

const NODE_KINDS: Readonly<Record<string, NetworkFailureKind>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'unresolved',
  EAI_AGAIN: 'unresolved',
}

const NET_KINDS: Readonly<Record<string, NetworkFailureKind>> = {
  ERR_CONNECTION_REFUSED: 'refused',
  ERR_NAME_NOT_RESOLVED: 'unresolved',
  ERR_NAME_RESOLUTION_FAILED: 'unresolved',
}

function kindOfNodeCode(code: string): NetworkFailureKind {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) return 'certificate'
  return NODE_KINDS[code] ?? 'other'
}

function kindOfNetName(name: string): NetworkFailureKind {
  if (/^ERR_(CERT|SSL|BAD_SSL)/.test(name)) return 'certificate'
  return NET_KINDS[name] ?? 'other'
}

/** The error and its causes, outermost first (a bounded walk: a cause chain may loop). */
function chain(error: unknown): unknown[] {
  const links: unknown[] = []
  for (let link = error; link !== undefined && link !== null && links.length < 5; link = (link as { cause?: unknown }).cause) {
    links.push(link)
    if (typeof link !== 'object') break
  }
  return links
}

export function networkFailureOf(error: unknown): NetworkFailure {
  const links = chain(error)
  for (const link of links) {
    const code = (link as { code?: unknown }).code
    if (typeof code === 'string' && code !== '') return { kind: kindOfNodeCode(code), detail: code }
    const name = NET_NAME.exec(link instanceof Error ? link.message : '')?.[1]
    if (name) return { kind: kindOfNetName(name), detail: `net::${name}` }
  }
  const innermost = links.at(-1)
  return { kind: 'other', detail: innermost instanceof Error ? innermost.message : String(innermost) }
}
