/**
 * A PostgreSQL of its own, for `npm run bench` and the tests (tests/helpers/postgres-server.ts): a new
 * cluster in a temporary folder, listening on loopback at a free port (and on a unix socket in that
 * folder), trusting every local connection, with nothing synced to disk. PostgreSQL refuses to run as
 * root: run as root, the cluster belongs to the `postgres` user (else `nobody`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import pg from 'pg'
import { freePort } from './local-redis.ts'

/** the folder of PostgreSQL's programs: Debian's newest /usr/lib/postgresql/<version>/bin, else PATH's */
function binFolder(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin')
}

const bin = binFolder()
const program = (name: string) => (bin ? join(bin, name) : name)

/** why there is no PostgreSQL to run, and how to get one; undefined when initdb and postgres run here */
export function postgresMissing(): { reason: string; install: string } | undefined {
  const runs = (name: string) =>
    spawnSync(program(name), ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0
  return runs('initdb') && runs('postgres')
    ? undefined
    : {
        reason:
          'PostgreSQL is not installed (no initdb and postgres in /usr/lib/postgresql/*/bin or on PATH)',
        install: 'apt-get install postgresql (Debian, Ubuntu), brew install postgresql (macOS)',
      }
}

export interface PostgresServer {
  port: number
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string
  /** A new, empty database; resolves with its URL. */
  createDatabase(): Promise<string>
  /** pg_ctl stop -m fast, then the folder removed; again is harmless */
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 30_000

/** who runs the cluster: this user, unless it is root, which PostgreSQL refuses */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' })
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout), gid: Number(gid.stdout) }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user to run PostgreSQL as')
}

/** A PostgreSQL of its own, accepting connections. */
export async function startPostgresServer(): Promise<PostgresServer> {
  // another process may take the port between our look and the server's bind: try a few
  let failure: Error | undefined
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOn(await freePort())
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
  }
  throw failure
}

async function startOn(port: number): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cited-answers-postgres-'))
  const data = join(dir, 'data')
  const user = clusterUser()
  if (user) chownSync(dir, user.uid, user.gid)
  const as = user ? { uid: user.uid, gid: user.gid } : {}
  // the unprivileged user's HOME may not exist, and a psqlrc or locale there must not matter
  const env = { ...process.env, HOME: dir, LC_ALL: 'C', LANG: 'C' }

  const init = spawnSync(
    program('initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { ...as, env, encoding: 'utf8', timeout: START_TIMEOUT_MS },
  )
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`)
  }

  const child = spawn(
    program('postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      // a cluster thrown away afterwards: durability costs time and buys nothing
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    { ...as, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000)
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
        const stopped = spawnSync(program('pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w'], {
          ...as,
          env,
          stdio: 'ignore',
          timeout: START_TIMEOUT_MS,
        })
        // SIGINT is PostgreSQL's own fast shutdown, should pg_ctl fail
        if (stopped.status !== 0) child.kill('SIGINT')
        await exited
      }
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    })()
    return stopping
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await accepts(url))) {
    if (!isRunning(child) || Date.now() > deadline) {
      await stop()
      throw new Error(`PostgreSQL did not start on port ${port}:\n${output}`)
    }
    await delay(50)
  }

  let databases = 0
  return {
    port,
    url,
    async createDatabase() {
      databases += 1
      const name = `test_${databases}`
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    stop,
  }
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** whether the server takes a connection and a query: it listens before it is ready for either */
async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}
