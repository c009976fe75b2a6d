import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'
import waitOn from 'wait-on'

export interface ServiceProcessOptions {
  /** Used in log file names and error messages, e.g. `auth@postgres`. */
  name: string
  /**
   * What `node` runs, from the repository root: a TypeScript entry, run with `node --import tsx` as `npm start` runs
   * auth and api; or a JavaScript program and its arguments, such as Next's CLI (`{ script, args }`).
   */
  entry: string | { script: string; args: string[] }
  port: number
  /** The whole environment besides PATH: nothing else leaks in from the parent. */
  env: Record<string, string>
  /** `http`: wait for `GET /health`; `tcp`: wait for the port to accept connections. */
  ready: 'http' | 'tcp'
  /** Where the output goes. Without it, the output is kept in memory and read with `output()`. */
  logFile?: string
  nodeArgs?: string[]
  readyTimeoutMs?: number
}

export interface ServiceProcess {
  name: string
  pid: number
  port: number
  url: string
  child: ChildProcess
  /** Everything it printed so far. */
  output(): string
  /** SIGTERM (after a SIGCONT, in case a test froze it), then SIGKILL if it has not exited within `graceMs`. */
  close(graceMs?: number): Promise<void>
}

/** A service in a process of its own, so it can be killed or frozen for real and its CPU is not the caller's. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const { name, entry, port, env, ready, logFile, nodeArgs = [], readyTimeoutMs = 60_000 } = options
  const log = logFile === undefined ? undefined : openSync(logFile, 'a')
  const program = typeof entry === 'string' ? ['--import', 'tsx', path.join(repositoryRoot, entry)] : [path.join(repositoryRoot, entry.script), ...entry.args]
  const child = spawn(process.execPath, [...nodeArgs, ...program], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log ?? 'pipe', log ?? 'pipe'],
  })
  if (log !== undefined) closeSync(log)
  let captured = ''
  child.stdout?.on('data', (chunk: Buffer) => (captured += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (captured += chunk.toString()))
  const output = () => (logFile === undefined ? captured : readOrNothing(logFile))

  const exited = new Promise<never>((_resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${tail(output())}`)))
  })
  exited.catch(() => {})
  const resource = ready === 'http' ? `http-get://127.0.0.1:${port}/health` : `tcp:127.0.0.1:${port}`
  try {
    await Promise.race([waitOn({ resources: [resource], timeout: readyTimeoutMs, interval: 100 }), exited])
  } catch (error) {
    child.kill('SIGKILL')
    throw error instanceof Error && error.message.includes(' exited (') ? error : new Error(`${name} did not start: ${String(error)}\n${tail(output())}`)
  }
  if (child.pid === undefined) throw new Error(`${name} has no pid`)
  return { name, pid: child.pid, port, url: `http://127.0.0.1:${port}`, child, output, close: (graceMs) => stopProcess(child, graceMs) }
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 12_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGCONT')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** A file's text, or '' when it cannot be read (not written yet, or gone). */
export function readOrNothing(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n') || '(no output)'
}
