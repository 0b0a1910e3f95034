/**
 * The event store's schema, one for SQLite and PostgreSQL, and the migrations that bring a store up to
 * it at start-up. Each migration runs once, recorded in `schema_migrations`; two processes starting at
 * once do not both run it (a PostgreSQL advisory lock, an immediate SQLite transaction). A migration only
 * adds, never renames or drops, so that a replica still running the previous version keeps working while
 * a rolling deploy replaces it.
 */
import { randomBytes } from 'node:crypto'
import type { Dialect, SqlDriver, SqlQuery } from './sql.ts'

export interface Migration {
  version: number
  name: string
  up(query: SqlQuery, dialect: Dialect): Promise<void>
}

/** bytes of the salt for the hashes of voters and askers, as src/feedback.ts's salt file holds */
export const SALT_BYTES = 32

const idColumn = (dialect: Dialect) =>
  // SQLite's INTEGER PRIMARY KEY is the row id, numbered in insertion order like an identity column
  dialect === 'postgres' ? 'id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'id INTEGER PRIMARY KEY'

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, salt and imported feedback lines',
    async up(query, dialect) {
      // one row, made here, so that every replica hashes voters and askers alike
      await query('CREATE TABLE store_salt (id INTEGER PRIMARY KEY CHECK (id = 1), salt TEXT NOT NULL)')
      await query('INSERT INTO store_salt (id, salt) VALUES (1, ?)', [
        randomBytes(SALT_BYTES).toString('hex'),
      ])
      // one table for every kind of event, so the report reads them in one order; times are milliseconds
      // since 1970 and "none" is '' rather than NULL, so both databases compare and index them alike
      await query(`CREATE TABLE events (
        ${idColumn(dialect)},
        kind TEXT NOT NULL CHECK (kind IN ('answered', 'declined', 'vote', 'shared')),
        at BIGINT NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL DEFAULT '',
        question TEXT NOT NULL,
        claims TEXT NOT NULL DEFAULT '[]',
        answer_key TEXT,
        visibility TEXT CHECK (visibility IN ('private', 'channel')),
        asker TEXT,
        message TEXT,
        voter TEXT,
        vote TEXT CHECK (vote IN ('up', 'down')),
        replaced INTEGER NOT NULL DEFAULT 0
      )`)
      // one vote per user and answer, however many replicas take clicks at once; other events have no
      // voter, and NULLs never collide
      await query('CREATE UNIQUE INDEX events_one_vote ON events (voter, answer_key)')
      await query('CREATE INDEX events_by_channel ON events (platform, workspace, channel, at)')
      await query('CREATE INDEX events_by_kind ON events (kind, at)')
      await query('CREATE TABLE imported_lines (key TEXT PRIMARY KEY, at BIGINT NOT NULL)')
    },
  },
  {
    version: 2,
    name: 'installations of the app in workspaces',
    async up(query) {
      // what a platform's install flow hands over (for Slack, each workspace's bot token), as JSON
      await query(`CREATE TABLE installations (
        platform TEXT NOT NULL,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (platform, key)
      )`)
    },
  },
  {
    version: 3,
    name: 'claim versions and the corrections queued from them',
    async up(query, dialect) {
      // the claims as the bot last started with them: a digest to tell a change by, and the words and
      // citation a withdrawal note needs once the claim is gone from the knowledge base
      await query(`CREATE TABLE claim_versions (
        claim TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        statement TEXT NOT NULL,
        quote TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        section TEXT NOT NULL,
        recorded_at BIGINT NOT NULL
      )`)
      // one row per note, unique per claim version and message however many replicas queue it; a replica
      // takes a row before posting it (taken_by), and closes it with what became of it (done_at, outcome)
      await query(`CREATE TABLE corrections (
        ${idColumn(dialect)},
        claim TEXT NOT NULL,
        version TEXT NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL,
        message TEXT NOT NULL,
        note TEXT NOT NULL,
        queued_at BIGINT NOT NULL,
        taken_by TEXT,
        taken_at BIGINT,
        done_at BIGINT,
        outcome TEXT CHECK (outcome IN ('posted', 'unreachable', 'failed', 'superseded')),
        detail TEXT,
        UNIQUE (claim, version, platform, workspace, channel, message)
      )`)
      await query('CREATE INDEX corrections_pending ON corrections (done_at, queued_at)')
      // every knowledge base a process started with, by a digest of its claims, and when one first did: a
      // replica still running an older one (a rolling deploy, a restart before it is replaced) knows it is
      // behind, and neither records its claims nor follows up the difference as corrections
      await query(
        'CREATE TABLE knowledge_generations (fingerprint TEXT PRIMARY KEY, first_seen BIGINT NOT NULL)',
      )
    },
  },
]

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version))

/** Run the migrations the store lacks; resolves with the versions run now (none when it was up to date). */
export async function migrate(driver: SqlDriver, now: () => number = Date.now): Promise<number[]> {
  return driver.transaction(
    async (query) => {
      await query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      )
      const rows = await query<{ version: number | string }>('SELECT version FROM schema_migrations')
      const applied = new Set(rows.map((row) => Number(row.version)))
      const ran: number[] = []
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue
        await migration.up(query, driver.dialect)
        await query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.name,
          now(),
        ])
        ran.push(migration.version)
      }
      return ran
    },
    { migration: true },
  )
}
