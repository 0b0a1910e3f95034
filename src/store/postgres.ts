/**
 * The event store in PostgreSQL (DATABASE_URL), for many replicas: a pool of connections, parameterised
 * statements only, and the schema brought up to date by whichever replica starts first.
 */
import pg from 'pg'
import { type Logger, silentLogger } from '../logger.ts'
import type { SqlDriver, SqlQuery, SqlValue } from './sql.ts'
import { createSqlStore } from './sql-store.ts'
import type { EventStore } from './store.ts'

export interface PostgresStoreOptions {
  /** connections kept per process */
  maxConnections?: number
  /** how long a statement may run before it fails (ms); start-up's wait for another replica's migration is not bound */
  statementTimeoutMs?: number
  /** how long to wait for a connection (ms) */
  connectTimeoutMs?: number
  /** told of connections that fail while idle; never given the URL's password */
  logger?: Logger
  now?: () => Date
}

/** the advisory lock every replica takes to migrate: a fixed number, the same in every version */
const MIGRATION_LOCK = '4715283920174512310'

/** A PostgreSQL URL as a message may show it: without its password, query or fragment. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`
  } catch {
    return 'DATABASE_URL (not a valid URL)'
  }
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, …; the statements here hold no `?` of their own */
const numbered = new Map<string, string>()
function toPostgres(sql: string): string {
  let text = numbered.get(sql)
  if (text === undefined) {
    let count = 0
    text = sql.replace(/\?/g, () => `$${++count}`)
    numbered.set(sql, text)
  }
  return text
}

function connect(url: string, options: PostgresStoreOptions): SqlDriver {
  const { maxConnections = 10, statementTimeoutMs = 5_000, connectTimeoutMs = 5_000 } = options
  const logger = options.logger ?? silentLogger
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    application_name: 'cited-answers',
  })
  // an idle connection the server drops must not take the process down; the pool makes a new one
  pool.on('error', (error) => {
    logger.warn(`event store: a PostgreSQL connection failed while idle (${error.message})`)
  })
  const on =
    (client: pg.Pool | pg.PoolClient): SqlQuery =>
    async <Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPostgres(sql), [...params])).rows as Row[]
  return {
    dialect: 'postgres',
    query: on(pool),
    async transaction(work, transactionOptions = {}) {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        if (transactionOptions.migration) {
          // another replica's migration may take a while: wait for it rather than fail the start
          await client.query('SET LOCAL statement_timeout = 0')
          await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        }
        const result = await work(on(client))
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
        })
        throw error
      } finally {
        // a connection that could not even roll back is dropped, not handed to the next caller
        client.release(broken)
      }
    },
    close: () => pool.end(),
  }
}

/** The event store in the PostgreSQL database at `url` (postgres://user:password@host:port/database). */
export function createPostgresStore(url: string, options: PostgresStoreOptions = {}): EventStore {
  return createSqlStore({
    location: describePostgresUrl(url),
    connect: async () => connect(url, options),
    advice:
      'check DATABASE_URL (host, port, database, user and password) and that PostgreSQL is running and reachable from the bot, or unset DATABASE_URL to use the embedded store (EVENT_STORE)',
    ...(options.now ? { now: options.now } : {}),
  })
}
