import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'

/** The web app's folder and Next's CLI (a JavaScript file, run with `node`), relative to the repository root. */
export const WEB_DIR = 'apps/web'
export const NEXT_BIN = 'node_modules/next/dist/bin/next'

export const webDir = path.join(repositoryRoot, WEB_DIR)
export const nextBin = path.join(repositoryRoot, NEXT_BIN)

/** `next start` or `next dev` for the web app on `port` and `host`, as arguments after `node NEXT_BIN`, from the repository root. */
export function nextServeArgs(command: 'start' | 'dev', { port, host }: { port: number | string; host: string }): string[] {
  return [command, WEB_DIR, '--port', String(port), '--hostname', host]
}
