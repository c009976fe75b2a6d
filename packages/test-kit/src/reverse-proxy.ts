import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from './free-port.ts'
import { readOrNothing, stopProcess } from './service-process.ts'

/** Debian's nginx (the `nginx` package; `.ci/run` installs it). Tests that need it skip, loudly, without it. */
export const NGINX_PATH = '/usr/sbin/nginx'
export const hasNginx = existsSync(NGINX_PATH)

export interface ReverseProxyOptions {
  /** Where every request goes, e.g. `http://127.0.0.1:3000`. */
  upstream: string
  /** The address nginx listens on; `127.0.0.1` by default. */
  host?: string
  /**
   * The loopback address nginx connects upstream from (`proxy_bind`), e.g. `127.0.0.5`: without it, the proxy would
   * come from 127.0.0.1 like everything else on this host, and the upstream could not tell it from a client.
   */
  bindAddress?: string
  /** Terminate TLS with this certificate and key (PEM); plain http without. */
  tls?: { cert: string; key: string }
}

export interface ReverseProxy {
  /** `http(s)://host:port`. */
  url: string
  port: number
  /** nginx's error log so far (start-up problems, upstream failures). */
  errorLog(): string
  /** SIGTERM (nginx's fast shutdown), SIGKILL after a grace period; removes its folder. */
  stop(): Promise<void>
}

/**
 * A real nginx in front of `upstream`, as an operator would put one: it appends the client's address to
 * `X-Forwarded-For` and says which scheme the client used. Everything it writes (config, pid, logs, temp files) lives in
 * a folder of its own, so it needs no root and touches nothing of the machine's nginx.
 */
export async function startReverseProxy(options: ReverseProxyOptions): Promise<ReverseProxy> {
  if (!hasNginx) throw new Error(`no nginx at ${NGINX_PATH} (apt-get install nginx)`)
  const host = options.host ?? '127.0.0.1'
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-nginx-'))
  for (const folder of ['client-body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, folder))
  if (options.tls) {
    writeFileSync(path.join(dir, 'cert.pem'), options.tls.cert)
    writeFileSync(path.join(dir, 'key.pem'), options.tls.key, { mode: 0o600 })
  }
  const port = await freePort()
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConf({ ...options, host, port, dir }))

  const child = spawn(NGINX_PATH, ['-p', dir, '-c', 'nginx.conf', '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const errorLog = () => output + readOrNothing(path.join(dir, 'error.log'))
  const stop = async () => {
    await stopProcess(child, 5_000)
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    await untilListening(host, port, child, 15_000)
  } catch (error) {
    const log = errorLog()
    await stop()
    throw new Error(`nginx did not start: ${(error as Error).message}\n${log}`, { cause: error })
  }
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`
  return { url, port, errorLog, stop }
}

function nginxConf({ upstream, host, port, bindAddress, tls, dir }: ReverseProxyOptions & { host: string; port: number; dir: string }): string {
  const file = (name: string) => path.join(dir, name)
  const listen = `${host.includes(':') ? `[${host}]` : host}:${port}`
  return `
# Workers of a root master run as nobody, who could not write the temp folders below.
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${file('nginx.pid')};
error_log ${file('error.log')} warn;
events { worker_connections 512; }
http {
  access_log ${file('access.log')};
  client_body_temp_path ${file('client-body')};
  proxy_temp_path ${file('proxy')};
  fastcgi_temp_path ${file('fastcgi')};
  uwsgi_temp_path ${file('uwsgi')};
  scgi_temp_path ${file('scgi')};
  server {
    listen ${listen}${tls ? ' ssl' : ''};
    server_name localhost;
    ${tls ? `ssl_certificate ${file('cert.pem')};\n    ssl_certificate_key ${file('key.pem')};\n    ssl_protocols TLSv1.2 TLSv1.3;` : ''}
    location / {
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Pages carry a long Content-Security-Policy and cookies: more than nginx's default 4 KiB of response headers.
      proxy_buffer_size 32k;
      proxy_buffers 8 32k;
      ${bindAddress ? `proxy_bind ${bindAddress};` : ''}
    }
  }
}
`
}

/** Polls until `host:port` accepts a connection, failing at once if nginx exits (a bad config, a taken port). */
async function untilListening(host: string, port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nginx exited (${child.exitCode ?? child.signalCode})`)
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (accepted) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`)
}
