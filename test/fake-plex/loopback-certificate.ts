import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

/** A TLS identity for 127.0.0.1: the certificate (PEM) a client must trust, and its key. */
export interface LoopbackCertificate {
  readonly cert: string
  readonly key: string
}

/**
 * Made at test time by openssl, valid one day for the address IP:127.0.0.1 only. It is
 * self-signed, so it is its own certificate authority: a client trusts it only when handed it.
 */
export async function makeLoopbackCertificate(): Promise<LoopbackCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'plexkey-tls-'))
  try {
    const keyPath = join(dir, 'key.pem')
    const certPath = join(dir, 'cert.pem')
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '1',
      '-subj', '/CN=Plexkey test Media Server',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ])
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')])
    return { cert, key }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
