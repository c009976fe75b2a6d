import type { Context } from 'hono'

/**
 * Sets a header on the answer the handler has already built, in place. Hono's `c.header` at that point copies the
 * whole answer into a new Response, which costs @hono/node-server its fast path; only an answer whose headers are
 * immutable (one built by `fetch` or `Response.redirect`) is copied that way.
 */
export function setResponseHeader(c: Context, name: string, value: string, { append = false } = {}): void {
  try {
    if (append) c.res.headers.append(name, value)
    else c.res.headers.set(name, value)
  } catch {
    c.header(name, value, { append })
  }
}
