/**
 * The Content-Security-Policy of every page. Scripts run only from this origin and only when they carry the
 * request's nonce (Next.js puts it on its own scripts when it finds it in the request's policy, see
 * node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md); `'strict-dynamic'` lets those scripts
 * load the chunks they need. Nothing may frame a page, post a form elsewhere or rewrite relative URLs.
 * `next dev` needs `'unsafe-eval'` for React's error overlay; production never does.
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]
  return directives.join('; ')
}

/** 16 random bytes, base64: unguessable, and new for every page a browser loads. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
}
