/**
 * A redis-server of its own on loopback at a free port, with nothing saved to disk: for `npm run bench`
 * and the tests (tests/helpers/redis-server.ts), which both need a real one and must say plainly when
 * there is none to run.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

/** why there is no Redis to run, and how to get one; undefined when `redis-server` runs here */
export function redisServerMissing(): { reason: string; install: string } | undefined {
  const runs = spawnSync('redis-server', ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0
  return runs
    ? undefined
    : {
        reason: 'redis-server is not installed',
        install: 'apt-get install redis-server (Debian, Ubuntu), brew install redis (macOS)',
      }
}

export interface RedisServer {
  port: number
  /** redis://127.0.0.1:<port> */
  url: string
  /** SIGTERM, and wait for it to exit; again is harmless */
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 10_000

export interface RedisServerOptions {
  /** a port to listen on, for a server started again where clients expect it; a free one by default */
  port?: number
  /** more of redis-server's options, e.g. `['--requirepass', 'secret']` */
  args?: readonly string[]
}

/** A redis-server of its own, answering PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const { port, args = [] } = options
  if (port !== undefined) return startOn(port, args)
  // another process may take the port between our look and redis-server's bind: try a few
  let failure: Error | undefined
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOn(await freePort(), args)
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
  }
  throw failure
}

async function startOn(port: number, args: readonly string[]): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cited-answers-redis-'))
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  // a run that ends abruptly must not leave a server behind
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      if (isRunning(child)) {
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        await exited
      }
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    })()
    return stopping
  }

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await answersPing(port))) {
    if (!isRunning(child) || Date.now() > deadline) {
      await stop()
      throw new Error(`redis-server did not start on port ${port}:\n${output}`)
    }
    await delay(20)
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop }
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** a port nothing listens on just now: the system's pick for port 0, given back */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no free TCP port on loopback')
  return address.port
}

/** whether a Redis answers on `port`; any reply counts, an -NOAUTH too */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (answered: boolean) => {
      socket.destroy()
      resolve(answered)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(/^[+-]/.test(data.toString('latin1'))))
  })
}
