import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'
import { nextBin, webDir } from './next-cli.ts'

const SOURCES = ['app', 'components', 'lib', 'instrumentation.ts', 'proxy.ts', 'next.config.ts', 'package.json', 'tsconfig.json']
// The workspace packages the web app bundles (its `@tasklane/*` dependencies): a change there needs a new build too.
const PACKAGE_SOURCES = ['packages/config/src', 'packages/http/src', 'packages/logging/src']
const BUILD_LOCK = path.join(webDir, '.next-build.lock')
const STALE_LOCK_MS = 5 * 60_000

/** Builds the web app when there is no build yet or a source file is newer than it; a fresh build is reused. */
export function ensureWebBuild(): void {
  if (isFresh()) return
  withBuildLock(() => {
    // Another process may have built it while this one waited.
    if (isFresh()) return
    // Progress, not output: on stderr, so `npm run bench > results.jsonl` keeps only the figures.
    console.error('building the web app (next build)…')
    execFileSync(process.execPath, [nextBin, 'build'], { cwd: webDir, stdio: ['ignore', 2, 2], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
  })
}

function isFresh(): boolean {
  const buildId = path.join(webDir, '.next/BUILD_ID')
  return existsSync(buildId) && newestSource() <= statSync(buildId).mtimeMs
}

/**
 * One build at a time: test files of two projects (and `npm start`) may ask at once, and two `next build`s in one folder
 * spoil each other's output. Creating a directory either succeeds or fails, atomically, so it is the lock.
 */
function withBuildLock(build: () => void): void {
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    // A lock older than any build was left by a process that was killed while building.
    const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
    if (age > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true })
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250)
  }
  try {
    build()
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true })
  }
}

function newestSource(): number {
  let newest = 0
  const visit = (file: string) => {
    const stat = statSync(file)
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry))
    else newest = Math.max(newest, stat.mtimeMs)
  }
  for (const source of [...SOURCES.map((name) => path.join(webDir, name)), ...PACKAGE_SOURCES.map((name) => path.join(repositoryRoot, name))]) {
    if (existsSync(source)) visit(source)
  }
  return newest
}
