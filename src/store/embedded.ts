/**
 * The embedded event store: one SQLite file (better-sqlite3), in WAL mode, for a bot on one machine.
 * Nothing to run beside the bot; several processes on one machine may share the file.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { CitedAnswersError } from '../errors.ts'
import type { SqlDriver, SqlQuery, SqlValue } from './sql.ts'
import { createSqlStore } from './sql-store.ts'
import type { EventStore } from './store.ts'

export interface EmbeddedStoreOptions {
  /** fail rather than make a new, empty store where none is (for commands that only read) */
  mustExist?: boolean
  /** how long a write waits for another process's write to end before it fails (ms) */
  busyTimeoutMs?: number
  now?: () => Date
}

/**
 * One queue per file for the connections of this process. better-sqlite3 waits for a lock synchronously,
 * so a connection waiting for another connection of the same process, whose transaction is between two
 * awaits, would block the very thread that has to finish it: they take turns here instead, and only other
 * processes are left to SQLite's locks.
 */
const queues = new Map<string, { tail: Promise<unknown> }>()

function queueOf(path: string) {
  let queue = queues.get(path)
  if (!queue) {
    queue = { tail: Promise.resolve() }
    queues.set(path, queue)
  }
  const current = queue
  return <T>(work: () => T | Promise<T>): Promise<T> => {
    const result = current.tail.then(work)
    current.tail = result.catch(() => {})
    return result
  }
}

/** Make the file readable by its owner alone before SQLite makes it: it holds the salt of the hashes. */
function createPrivately(path: string) {
  mkdirSync(dirname(path), { recursive: true })
  try {
    closeSync(openSync(path, 'wx', 0o600))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/**
 * Put the file in WAL mode, once for every process that opens it. SQLite answers a change of journal mode
 * that meets another connection's lock with SQLITE_BUSY at once, without waiting out the busy timeout (so
 * that two changers cannot deadlock): several processes opening a new file together try again, briefly,
 * until the first has made the change or the timeout passes.
 */
function useWal(db: Database.Database, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL')
      return
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      // a synchronous wait: the connection is being made synchronously, and only a few ms are at stake
      Atomics.wait(pause, 0, 0, 10)
    }
  }
}

function connect(path: string, options: EmbeddedStoreOptions): SqlDriver {
  const { mustExist = false, busyTimeoutMs = 5_000 } = options
  if (mustExist && !existsSync(path)) {
    throw new CitedAnswersError(
      'not-found',
      `No event store at ${path}; give --store the file the bot writes (EVENT_STORE), or a postgres:// URL.`,
    )
  }
  if (!mustExist) createPrivately(path)
  const db = new Database(path, { fileMustExist: mustExist, timeout: busyTimeoutMs })
  try {
    // readers never wait for the writer, and a commit appends to the log without a sync of its own: a
    // power cut may lose the last commits, never the file
    useWal(db, busyTimeoutMs)
    db.pragma('synchronous = NORMAL')
  } catch (error) {
    db.close()
    throw error
  }
  const statements = new Map<string, Database.Statement<SqlValue[]>>()
  const run: SqlQuery = async <Row>(sql: string, params: readonly SqlValue[] = []) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare<SqlValue[]>(sql)
      statements.set(sql, statement)
    }
    if (statement.reader) return statement.all(...params) as Row[]
    statement.run(...params)
    return []
  }
  const inTurn = queueOf(path)
  return {
    dialect: 'sqlite',
    query: (sql, params) => inTurn(() => run(sql, params)),
    transaction: (work) =>
      inTurn(async () => {
        // IMMEDIATE takes the write lock now, so two processes migrating at once run one after the other
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = await work(run)
          db.exec('COMMIT')
          return result
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw error
        }
      }),
    close: () =>
      inTurn(() => {
        db.close()
      }),
  }
}

/** The event store in the SQLite file `path`, made with its folder on first use; opened on first use. */
export function createEmbeddedStore(path: string, options: EmbeddedStoreOptions = {}): EventStore {
  const file = resolve(path)
  return createSqlStore({
    location: path,
    connect: async () => connect(file, options),
    advice:
      'let the bot write that file and its folder, or set EVENT_STORE to a file on a writable volume (or DATABASE_URL to a PostgreSQL database)',
    ...(options.now ? { now: options.now } : {}),
  })
}
