/**
 * Every place a credential can sit in what we log. pino's redaction works on paths, so each container a
 * credential may arrive in (request headers, response headers, bodies, errors, config) is listed.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  'cookie',
  'authorization',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'secret',
  'sessionToken',
  '*.cookie',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.secret',
  '*.sessionToken',
  '*.BETTER_AUTH_SECRET',
  '*.DATABASE_URL',
  'databaseUrl',
  '*.databaseUrl',
]
