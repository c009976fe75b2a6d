import { createHash, X509Certificate } from 'node:crypto'
import { generate } from 'selfsigned'

export interface TestCertificate {
  /** PEM. */
  cert: string
  /** PEM, unencrypted. */
  key: string
  /**
   * Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's `--ignore-certificate-errors-spki-list`
   * takes, so the browser accepts this one certificate (and no other bad one) without a system trust store.
   */
  spkiHash: string
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * A self-signed server certificate made for one test run: `localhost`, 127.0.0.1 and ::1 by default, valid from an
 * hour ago (clock skew) for a day, with the extensions a browser checks on a server certificate (SAN, serverAuth).
 */
export async function makeTestCertificate({ hostNames = ['localhost'], addresses = ['127.0.0.1', '::1'] } = {}): Promise<TestCertificate> {
  const now = Date.now()
  const pems = await generate([{ name: 'commonName', value: hostNames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS / 24),
    notAfterDate: new Date(now + DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...hostNames.map((value) => ({ type: 2 as const, value })), ...addresses.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  })
  const publicKey = new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' })
  return { cert: pems.cert, key: pems.private, spkiHash: createHash('sha256').update(publicKey).digest('base64') }
}
