/**
 * What the event store needs of a SQL database, so that one set of statements serves SQLite and
 * PostgreSQL alike: statements with `?` for each parameter, and transactions.
 */

export type Dialect = 'sqlite' | 'postgres'

export type SqlValue = string | number | null

export type SqlRow = Record<string, unknown>

/** Run one statement; resolves with its rows (a SELECT's, or a RETURNING clause's), else none. */
export type SqlQuery = <Row = SqlRow>(sql: string, params?: readonly SqlValue[]) => Promise<Row[]>

export interface TransactionOptions {
  /** keep every other connection's, and every other process's, migration out until this one ends */
  migration?: boolean
}

export interface SqlDriver {
  readonly dialect: Dialect
  query: SqlQuery
  /** Run `work` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(work: (query: SqlQuery) => Promise<T>, options?: TransactionOptions): Promise<T>
  close(): Promise<void>
}

/** The message of an error a driver throws, for messages that say what went wrong. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
