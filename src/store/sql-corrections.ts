/**
 * The event store's corrections over any SQL driver: the claims as of the last start, and the queue of
 * notes their changes call for. A note is queued once (a unique key per claim version and message) and
 * taken by one process at a time (a conditional update), so replicas starting at once post it once.
 */
import type { SqlDriver, SqlQuery, SqlValue } from './sql.ts'
import type {
  ClaimVersion,
  CorrectionOutcome,
  CorrectionPlace,
  EventStore,
  QueuedCorrection,
} from './store.ts'

/** run `work` on the open store, saying which store and what to do when it fails (sql-store's `using`) */
type Using = <T>(doing: string, work: (driver: SqlDriver) => Promise<T>) => Promise<T>

interface VersionRow {
  claim: string
  version: string
  statement: string
  quote: string
  source: string
  title: string
  section: string
}

interface CorrectionRow {
  id: number | string
  claim: string
  version: string
  platform: string
  workspace: string
  channel: string
  message: string
  note: string
  queued_at: number | string
  outcome: string | null
}

const CORRECTION_COLUMNS =
  'id, claim, version, platform, workspace, channel, message, note, queued_at, outcome'

const OUTCOMES: readonly string[] = ['posted', 'unreachable', 'failed', 'superseded']

function correctionOf(row: CorrectionRow): QueuedCorrection {
  const place: CorrectionPlace = {
    platform: row.platform,
    ...(row.workspace ? { workspace: row.workspace } : {}),
    channel: row.channel,
    message: row.message,
  }
  return {
    id: Number(row.id),
    claim: row.claim,
    version: row.version,
    place,
    note: row.note,
    queuedAt: new Date(Number(row.queued_at)).toISOString(),
    ...(row.outcome !== null && OUTCOMES.includes(row.outcome)
      ? { outcome: row.outcome as CorrectionOutcome }
      : {}),
  }
}

const sameVersion = (a: VersionRow, b: ClaimVersion) =>
  a.version === b.version &&
  a.statement === b.statement &&
  a.quote === b.quote &&
  a.source === b.source &&
  a.title === b.title &&
  a.section === b.section

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ')

/** a detail kept with a note that was not posted: enough to tell why, never a long error */
const DETAIL_CHARS = 300

export function createSqlCorrections(using: Using, now: () => Date): EventStore['corrections'] {
  const writeVersions = async (query: SqlQuery, versions: readonly ClaimVersion[], at: number) => {
    // read in one order, so that two replicas recording at once lock rows in the same order
    const rows = await query<VersionRow>(
      'SELECT claim, version, statement, quote, source, title, section FROM claim_versions ORDER BY claim',
    )
    const before = new Map(rows.map((row) => [row.claim, row]))
    for (const version of versions) {
      const kept = before.get(version.claim)
      before.delete(version.claim)
      if (kept && sameVersion(kept, version)) continue
      await query(
        `INSERT INTO claim_versions (claim, version, statement, quote, source, title, section, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (claim) DO UPDATE SET version = excluded.version, statement = excluded.statement,
           quote = excluded.quote, source = excluded.source, title = excluded.title,
           section = excluded.section, recorded_at = excluded.recorded_at`,
        [
          version.claim,
          version.version,
          version.statement,
          version.quote,
          version.source,
          version.title,
          version.section,
          at,
        ],
      )
    }
    for (const claim of before.keys()) await query('DELETE FROM claim_versions WHERE claim = ?', [claim])
  }

  return {
    generation: (fingerprint) =>
      using('write', async (driver) => {
        await driver.query(
          'INSERT INTO knowledge_generations (fingerprint, first_seen) VALUES (?, ?) ON CONFLICT (fingerprint) DO NOTHING',
          [fingerprint, now().getTime()],
        )
        const [mine] = await driver.query<{ first_seen: number | string }>(
          'SELECT first_seen FROM knowledge_generations WHERE fingerprint = ?',
          [fingerprint],
        )
        const [latest] = await driver.query<{ newest: number | string | null }>(
          'SELECT MAX(first_seen) AS newest FROM knowledge_generations',
        )
        return { newest: Number(mine?.first_seen ?? 0) >= Number(latest?.newest ?? 0) }
      }),
    versions: () =>
      using('read', async (driver) => {
        const rows = await driver.query<VersionRow>(
          'SELECT claim, version, statement, quote, source, title, section FROM claim_versions ORDER BY claim',
        )
        return rows.map(
          (row): ClaimVersion => ({
            claim: row.claim,
            version: row.version,
            statement: row.statement,
            quote: row.quote,
            source: row.source,
            title: row.title,
            section: row.section,
          }),
        )
      }),

    record: (update) =>
      using('write', (driver) =>
        driver.transaction(async (query) => {
          const at = now().getTime()
          await writeVersions(query, update.versions, at)
          for (const change of update.changes) {
            await query(
              `UPDATE corrections SET done_at = ?, outcome = 'superseded'
               WHERE claim = ? AND version <> ? AND done_at IS NULL`,
              [at, change.claim, change.version],
            )
          }
          let queued = 0
          for (const note of update.notes) {
            const { place } = note
            const inserted = await query(
              `INSERT INTO corrections (claim, version, platform, workspace, channel, message, note, queued_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (claim, version, platform, workspace, channel, message) DO NOTHING
               RETURNING id`,
              [
                note.claim,
                note.version,
                place.platform,
                place.workspace ?? '',
                place.channel,
                place.message,
                note.note,
                at,
              ],
            )
            queued += inserted.length
          }
          return queued
        }),
      ),

    take: (take) =>
      using('write', async (driver) => {
        if (take.platforms.length === 0 || take.limit <= 0) return []
        const free = 'done_at IS NULL AND (taken_by IS NULL OR taken_at < ?)'
        // PostgreSQL: a replica taking at the same moment skips the rows locked here and takes the next
        // ones; SQLite runs one write at a time
        const lock = driver.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''
        const stale = take.staleBefore.getTime()
        const rows = await driver.query<CorrectionRow>(
          `UPDATE corrections SET taken_by = ?, taken_at = ?
           WHERE id IN (
             SELECT id FROM corrections
             WHERE ${free} AND queued_at >= ? AND platform IN (${placeholders(take.platforms.length)})
             ORDER BY id LIMIT ?${lock}
           ) AND ${free}
           RETURNING ${CORRECTION_COLUMNS}`,
          [
            take.owner,
            now().getTime(),
            stale,
            take.since.getTime(),
            ...take.platforms,
            take.limit,
            stale,
          ] satisfies SqlValue[],
        )
        return rows.map(correctionOf).sort((a, b) => a.id - b.id)
      }),

    finish: (id, outcome, detail) =>
      using('write', async (driver) => {
        await driver.query('UPDATE corrections SET done_at = ?, outcome = ?, detail = ? WHERE id = ?', [
          now().getTime(),
          outcome,
          detail === undefined ? null : detail.slice(0, DETAIL_CHARS),
          id,
        ])
      }),

    release: (owner, ids) =>
      using('write', async (driver) => {
        if (ids.length === 0) return
        await driver.query(
          `UPDATE corrections SET taken_by = NULL, taken_at = NULL
           WHERE taken_by = ? AND done_at IS NULL AND id IN (${placeholders(ids.length)})`,
          [owner, ...ids],
        )
      }),

    list: ({ since, waiting = false }) =>
      using('read', async (driver) => {
        const rows = await driver.query<CorrectionRow>(
          `SELECT ${CORRECTION_COLUMNS} FROM corrections
           WHERE queued_at >= ?${waiting ? ' AND done_at IS NULL' : ''} ORDER BY id`,
          [since.getTime()],
        )
        return rows.map(correctionOf)
      }),
  }
}
