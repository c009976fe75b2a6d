import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text: string
}

export interface RawRequestOptions {
  method?: string
  /** Sent exactly as given: no URL normalisation of `..` or `%2e%2e`, unlike fetch. */
  path: string
  /** Values may be arrays (one header line each) and latin1 strings (each char one byte: raw UTF-8 bytes pass through). */
  headers?: OutgoingHttpHeaders
  body?: Buffer | string
  /** Send the body without Content-Length, as `Transfer-Encoding: chunked`, in pieces of this many bytes. */
  chunkBytes?: number
}

/**
 * One HTTP/1.1 request on its own connection, through node:http rather than fetch, so hostile headers, paths and
 * bodies reach the server byte for byte. Resolves with the response even when the server answers (413, 431) and
 * closes before the whole request was written; rejects only when no response arrived at all.
 */
export function rawRequest(baseUrl: string, { method = 'GET', path, headers = {}, body, chunkBytes }: RawRequestOptions): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (response) => {
      answered = true
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      const finish = () => {
        const all = Buffer.concat(chunks)
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: all, text: all.toString('utf8') })
      }
      // 'close' also covers a connection reset after the status line: what arrived is the answer.
      response.on('end', finish).on('close', finish).on('error', finish)
      // An event stream (the api's live updates) does not end by itself: its first chunk is the answer.
      if (String(response.headers['content-type']).startsWith('text/event-stream')) response.once('data', () => req.destroy())
    })
    req.on('error', (error) => {
      // A server that answered early may reset the socket while the rest of the body is still being written.
      if (!answered) reject(error)
    })
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    if (bytes === undefined) {
      req.end()
    } else if (chunkBytes === undefined) {
      req.setHeader('content-length', bytes.length)
      req.end(bytes)
    } else {
      void writeChunked(req, bytes, chunkBytes)
    }
  })
}

async function writeChunked(req: ReturnType<typeof request>, bytes: Buffer, chunkBytes: number): Promise<void> {
  for (let offset = 0; offset < bytes.length && !req.destroyed; offset += chunkBytes) {
    const more = req.write(bytes.subarray(offset, offset + chunkBytes))
    if (!more) await new Promise<void>((resolve) => req.once('drain', resolve).once('close', resolve))
  }
  if (!req.destroyed) req.end()
}

/** The keys of a JSON error body, sorted: every Tasklane 4xx must be exactly `detail, error_code, message, request_id`. */
export function errorKeys(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed).sort() : [`(not an object: ${text.slice(0, 80)})`]
  } catch {
    return [`(not JSON: ${text.slice(0, 80)})`]
  }
}
