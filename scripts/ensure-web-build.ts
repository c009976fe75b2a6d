import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'

const webDir = path.join(repositoryRoot, 'apps/web')
const nextBin = path.join(repositoryRoot, 'node_modules/next/dist/bin/next')
const SOURCES = ['app', 'components', 'lib', 'next.config.ts', 'package.json', 'tsconfig.json']

/** Builds the web app when there is no build yet or a source file is newer than it; a fresh build is reused. */
export function ensureWebBuild(): void {
  const buildId = path.join(webDir, '.next/BUILD_ID')
  if (existsSync(buildId) && newestSource() <= statSync(buildId).mtimeMs) return
  // Progress, not output: on stderr, so `npm run bench > results.jsonl` keeps only the figures.
  console.error('building the web app (next build)…')
  execFileSync(process.execPath, [nextBin, 'build'], { cwd: webDir, stdio: ['ignore', 2, 2], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
}

function newestSource(): number {
  let newest = 0
  const visit = (file: string) => {
    const stat = statSync(file)
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry))
    else newest = Math.max(newest, stat.mtimeMs)
  }
  for (const source of SOURCES) {
    const file = path.join(webDir, source)
    if (existsSync(file)) visit(file)
  }
  return newest
}
