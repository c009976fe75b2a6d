import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'
import waitOn from 'wait-on'

export interface BenchProcess {
  name: string
  pid: number
  port: number
  url: string
  child: ChildProcess
  close(): Promise<void>
}

export interface SpawnOptions {
  /** Used in log file names and error messages, e.g. `auth@postgres`. */
  name: string
  /** A TypeScript entry, relative to the repository root, run with `node --import tsx`. */
  entry: string
  port: number
  env: Record<string, string>
  logDir: string
  /** `http`: wait for `GET /health`; `tcp`: wait for the port to accept connections. */
  ready: 'http' | 'tcp'
  nodeArgs?: string[]
}

/**
 * One service in a process of its own, so the load generator's CPU is not the service's. Its output goes
 * straight to a log file (the bench process never reads it on the hot path).
 */
export async function spawnProcess({ name, entry, port, env, logDir, ready, nodeArgs = [] }: SpawnOptions): Promise<BenchProcess> {
  const logFile = path.join(logDir, `${name.replace(/[^\w.-]+/g, '_')}.log`)
  const log = openSync(logFile, 'a')
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repositoryRoot, entry)], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${tail(logFile)}`)))
  })
  exited.catch(() => {})
  const resource = ready === 'http' ? `http-get://127.0.0.1:${port}/health` : `tcp:127.0.0.1:${port}`
  try {
    await Promise.race([waitOn({ resources: [resource], timeout: 120_000, interval: 100 }), exited])
  } catch (error) {
    child.kill('SIGKILL')
    throw error instanceof Error && error.message.includes('exited') ? error : new Error(`${name} did not start: ${String(error)}\n${tail(logFile)}`)
  }
  if (child.pid === undefined) throw new Error(`${name} has no pid`)
  return {
    name,
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    close: () => stopProcess(child),
  }
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 12_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n')
  } catch {
    return '(no output)'
  }
}
