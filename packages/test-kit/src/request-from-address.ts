import { request } from 'node:http'

/**
 * A GET to 127.0.0.1:`port` sent from `localAddress` (any 127.x address is this host), with `headers`; the answer's body.
 * For tests of which client address a server sees: each loopback address is a different client.
 */
export function getFromAddress(port: number, localAddress: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, localAddress, headers, agent: false }, (answer) => {
      let text = ''
      answer.on('data', (chunk: Buffer) => (text += chunk.toString()))
      answer.on('end', () => resolve(text))
    })
    sent.on('error', reject)
    sent.end()
  })
}
