/**
 * The event store over any SQL driver: the statements, the hashing of who voted or asked, and what the
 * rows mean, written once for SQLite and PostgreSQL (embedded.ts and postgres.ts only connect).
 */
import { createHash, createHmac } from 'node:crypto'
import { CitedAnswersError } from '../errors.ts'
import { LOGGED_QUESTION_CHARS, type LoggedFeedback, type Vote } from '../feedback.ts'
import { shorten } from '../shorten.ts'
import { migrate } from './schema.ts'
import { reasonOf, type SqlDriver, type SqlQuery, type SqlValue } from './sql.ts'
import { createSqlCorrections } from './sql-corrections.ts'
import type {
  Appended,
  ClaimShown,
  EventStore,
  FeedbackHistory,
  ImportedEntry,
  RecapAnswer,
  RecapDeclined,
  RecapQuery,
  Scope,
  Seen,
  StoreEvent,
  Visibility,
} from './store.ts'

export interface SqlStoreOptions {
  /** where the store is, for messages (never a password) */
  location: string
  /** open a connection (or pool); called again after a failed open */
  connect(): Promise<SqlDriver>
  /** what an operator can do when the store cannot be opened or written */
  advice: string
  now?: () => Date
}

/** entries of an imported log added per transaction: a large log neither holds one lock long nor starts over */
const IMPORT_BATCH = 500

const INSERT_EVENT = `INSERT INTO events
  (kind, at, platform, workspace, channel, question, claims, answer_key, visibility, asker, message)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// a later click replaces the vote; an older one (a log imported out of order) only counts as replaced,
// as the JSONL report keeps each voter's latest vote on each answer
const UPSERT_VOTE = `INSERT INTO events
  (kind, at, platform, workspace, channel, question, claims, answer_key, voter, vote)
  VALUES ('vote', ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (voter, answer_key) DO UPDATE SET
    vote = CASE WHEN excluded.at >= events.at THEN excluded.vote ELSE events.vote END,
    at = CASE WHEN excluded.at >= events.at THEN excluded.at ELSE events.at END,
    replaced = events.replaced + 1
  RETURNING replaced`

interface EventRow {
  kind: string
  at: number | string
  platform: string
  workspace: string
  channel: string
  question: string
  claims: string
  answer_key: string | null
  visibility: string | null
  message: string | null
  voter: string | null
  vote: string | null
}

/** the same answer, whoever gave or shared it: its question and claims, in order */
const answerKeyOf = (question: string, claims: readonly string[]) =>
  createHash('sha256')
    .update(JSON.stringify([question, claims]))
    .digest('hex')
    .slice(0, 32)

const isoOf = (at: number | string) => new Date(Number(at)).toISOString()

function claimsOf(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((claim): claim is string => typeof claim === 'string') : []
  } catch {
    return []
  }
}

/** the columns an event other than a vote fills; a declined question has no claims, and no answer key */
interface EventColumns {
  kind: 'answered' | 'declined' | 'shared'
  claims?: readonly string[]
  visibility?: 'private' | 'channel'
  asker?: string | null
  message?: string | null
}

const askerParts = (scope: Scope, user: string) => [
  'asker',
  scope.platform,
  scope.workspace ?? '',
  scope.channel ?? '',
  user,
]

/** `text` matched literally by LIKE … ESCAPE '\' */
const literalLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`)

const SEEN_ORDER: Record<Seen, number> = { shared: 0, channel: 1, private: 2 }

export function createSqlStore(options: SqlStoreOptions): EventStore {
  const { location, advice, now = () => new Date() } = options
  let opened: Promise<{ driver: SqlDriver; salt: Buffer }> | undefined

  const fail = (doing: string, error: unknown) =>
    error instanceof CitedAnswersError
      ? error
      : new CitedAnswersError(
          'invalid-config',
          `Cannot ${doing} the event store ${location} (${reasonOf(error)}); ${advice}.`,
          { cause: error },
        )

  const open = () => {
    opened ??= (async () => {
      const driver = await options.connect()
      try {
        await migrate(driver)
        const [row] = await driver.query<{ salt: string }>('SELECT salt FROM store_salt WHERE id = 1')
        if (!row || !/^[0-9a-f]{64}$/.test(row.salt)) {
          throw new CitedAnswersError(
            'invalid-config',
            `The event store ${location} has no valid salt in its store_salt table; restore it from a backup (with a new one, every user's next vote on an answer they voted on counts as a new vote).`,
          )
        }
        return { driver, salt: Buffer.from(row.salt, 'hex') }
      } catch (error) {
        await driver.close().catch(() => {})
        throw error
      }
    })().catch((error: unknown) => {
      opened = undefined
      throw fail('open', error)
    })
    return opened
  }

  /** run `work` on the open store, saying which store and what to do when it fails */
  const using = async <T>(doing: string, work: (driver: SqlDriver, salt: Buffer) => Promise<T>) => {
    const { driver, salt } = await open()
    try {
      return await work(driver, salt)
    } catch (error) {
      throw fail(doing, error)
    }
  }

  const hash = (salt: Buffer, parts: readonly unknown[]) =>
    createHmac('sha256', salt).update(JSON.stringify(parts)).digest('hex').slice(0, 32)

  const scopeParams = (scope: Scope): SqlValue[] => [
    scope.platform,
    scope.workspace ?? '',
    scope.channel ?? '',
  ]

  // an asker is kept only where the privacy rule needs one, hashed with the channel so that one user's
  // private questions in different channels cannot be linked
  const askerHash = (
    salt: Buffer,
    scope: Scope,
    visibility: Visibility | undefined,
    asker: string | undefined,
  ) => (visibility === 'private' && asker !== undefined ? hash(salt, askerParts(scope, asker)) : null)

  const upsertVote = async (
    query: SqlQuery,
    at: number,
    scope: Scope,
    voter: string | null,
    question: string,
    claims: readonly string[],
    vote: Vote,
  ): Promise<Appended> => {
    const [row] = await query<{ replaced: number | string }>(UPSERT_VOTE, [
      at,
      ...scopeParams(scope),
      question,
      JSON.stringify(claims),
      answerKeyOf(question, claims),
      voter,
      vote,
    ])
    return Number(row?.replaced ?? 0) > 0 ? { kind: 'replaced' } : { kind: 'appended' }
  }

  const insertEvent = (query: SqlQuery, at: number, scope: Scope, question: string, row: EventColumns) =>
    query(INSERT_EVENT, [
      row.kind,
      at,
      ...scopeParams(scope),
      question,
      JSON.stringify(row.claims ?? []),
      row.claims ? answerKeyOf(question, row.claims) : null,
      row.visibility ?? null,
      row.asker ?? null,
      row.message ?? null,
    ])

  const append = async (query: SqlQuery, salt: Buffer, event: StoreEvent): Promise<Appended> => {
    const at = (event.at ?? now()).getTime()
    const question = shorten(event.question, LOGGED_QUESTION_CHARS)
    const { scope } = event
    switch (event.kind) {
      case 'vote': {
        // the JSONL log's formula: one hash per user and answer, so that a user's votes cannot be linked
        const voter = hash(salt, [scope.platform, event.user, question, event.claims])
        return upsertVote(query, at, scope, voter, question, event.claims, event.vote)
      }
      case 'declined':
        await insertEvent(query, at, scope, question, {
          kind: 'declined',
          ...(event.visibility ? { visibility: event.visibility } : {}),
          asker: askerHash(salt, scope, event.visibility, event.asker),
        })
        return { kind: 'appended' }
      case 'shared':
        await insertEvent(query, at, scope, question, {
          kind: 'shared',
          claims: event.claims,
          message: event.message ?? null,
        })
        return { kind: 'appended' }
      case 'answered': {
        await insertEvent(query, at, scope, question, {
          kind: 'answered',
          claims: event.claims,
          visibility: event.visibility,
          asker: askerHash(salt, scope, event.visibility, event.asker),
          message: event.message ?? null,
        })
        return { kind: 'appended' }
      }
    }
  }

  return {
    location,
    async open() {
      await open()
    },

    append(event) {
      return using('write', (driver, salt) => append(driver.query, salt, event))
    },

    feedback() {
      return using('read', async (driver): Promise<FeedbackHistory> => {
        const rows = await driver.query<EventRow>(
          `SELECT kind, at, platform, question, claims, voter, vote FROM events
           WHERE kind IN ('declined', 'vote') ORDER BY at, id`,
        )
        const [sum] = await driver.query<{ replaced: number | string | null }>(
          "SELECT SUM(replaced) AS replaced FROM events WHERE kind = 'vote'",
        )
        const entries = rows.map((row): LoggedFeedback => {
          const at = isoOf(row.at)
          if (row.kind === 'declined')
            return { at, platform: row.platform, question: row.question, unanswered: true }
          return {
            at,
            platform: row.platform,
            ...(row.voter === null ? {} : { voter: row.voter }),
            question: row.question,
            claims: claimsOf(row.claims),
            vote: row.vote === 'up' ? 'up' : 'down',
          }
        })
        return { entries, replaced: Number(sum?.replaced ?? 0) }
      })
    },

    recap(recap: RecapQuery) {
      return using('read', async (driver, salt): Promise<RecapAnswer[]> => {
        const { scope, viewer } = recap
        const until = (recap.until ?? now()).getTime()
        const viewerHash = viewer === undefined ? null : hash(salt, askerParts(scope, viewer))
        const rows = await driver.query<EventRow>(
          `SELECT kind, at, question, claims, answer_key, visibility, message FROM events
           WHERE platform = ? AND workspace = ? AND channel = ? AND at >= ? AND at <= ?
             AND (kind = 'shared' OR (kind = 'answered' AND (visibility = 'channel' OR asker = ?)))
           ORDER BY at, id`,
          [...scopeParams(scope), recap.since.getTime(), until, viewerHash],
        )
        const byAnswer = new Map<string, RecapAnswer & { shareMessage?: string }>()
        for (const row of rows) {
          const seen: Seen =
            row.kind === 'shared' ? 'shared' : row.visibility === 'channel' ? 'channel' : 'private'
          const key = row.answer_key ?? ''
          const item = byAnswer.get(key) ?? {
            question: row.question,
            claims: claimsOf(row.claims),
            seen,
            at: isoOf(row.at),
            asked: 0,
            shares: 0,
          }
          if (SEEN_ORDER[seen] < SEEN_ORDER[item.seen]) item.seen = seen
          item.at = isoOf(row.at)
          if (row.kind === 'shared') {
            item.shares += 1
            if (row.message !== null) item.shareMessage = row.message
          } else {
            item.asked += 1
            if (row.message !== null && seen === 'channel') item.message = row.message
          }
          byAnswer.set(key, item)
        }
        return [...byAnswer.values()]
          .map(({ shareMessage, message, ...item }) => {
            const shown = shareMessage ?? message
            return shown === undefined ? item : { ...item, message: shown }
          })
          .sort((a, b) => SEEN_ORDER[a.seen] - SEEN_ORDER[b.seen] || a.at.localeCompare(b.at))
      })
    },

    declinedIn(recap: RecapQuery) {
      return using('read', async (driver, salt): Promise<RecapDeclined[]> => {
        const { scope, viewer } = recap
        const until = (recap.until ?? now()).getTime()
        const viewerHash = viewer === undefined ? null : hash(salt, askerParts(scope, viewer))
        // a declined question whose visibility is not known (written before it was kept) is left out: it
        // may have been asked privately
        const rows = await driver.query<EventRow>(
          `SELECT at, question, visibility FROM events
           WHERE platform = ? AND workspace = ? AND channel = ? AND at >= ? AND at <= ?
             AND kind = 'declined' AND (visibility = 'channel' OR asker = ?)
           ORDER BY at, id`,
          [...scopeParams(scope), recap.since.getTime(), until, viewerHash],
        )
        const byQuestion = new Map<string, RecapDeclined>()
        for (const row of rows) {
          const item = byQuestion.get(row.question) ?? {
            question: row.question,
            seen: 'private',
            at: isoOf(row.at),
            asked: 0,
          }
          if (row.visibility === 'channel') item.seen = 'channel'
          item.at = isoOf(row.at)
          item.asked += 1
          byQuestion.set(row.question, item)
        }
        return [...byQuestion.values()].sort((a, b) => a.at.localeCompare(b.at))
      })
    },

    claimShown(claim, since) {
      return using('read', async (driver): Promise<ClaimShown[]> => {
        // LIKE narrows to rows whose JSON holds the id; the parsed claims decide
        const rows = await driver.query<EventRow>(
          `SELECT kind, at, platform, workspace, channel, question, claims, message FROM events
           WHERE kind IN ('answered', 'shared') AND at >= ?
             AND (kind = 'shared' OR visibility = 'channel') AND claims LIKE ? ESCAPE '\\'
           ORDER BY at, id`,
          [since.getTime(), `%${literalLike(JSON.stringify(claim))}%`],
        )
        return rows.flatMap((row): ClaimShown[] => {
          const claims = claimsOf(row.claims)
          if (!claims.includes(claim)) return []
          const scope: Scope = {
            platform: row.platform,
            ...(row.workspace ? { workspace: row.workspace } : {}),
            ...(row.channel ? { channel: row.channel } : {}),
          }
          return [
            {
              how: row.kind === 'shared' ? 'shared' : 'answered',
              scope,
              question: row.question,
              claims,
              at: isoOf(row.at),
              ...(row.message === null ? {} : { message: row.message }),
            },
          ]
        })
      })
    },

    corrections: createSqlCorrections((doing, work) => using(doing, (driver) => work(driver)), now),

    installations: {
      save: (platform, key, data) =>
        using('write', async (driver) => {
          await driver.query(
            `INSERT INTO installations (platform, key, data, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (platform, key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
            [platform, key, data, now().getTime()],
          )
        }),
      fetch: (platform, key) =>
        using('read', async (driver) => {
          const [row] = await driver.query<{ data: string }>(
            'SELECT data FROM installations WHERE platform = ? AND key = ?',
            [platform, key],
          )
          return row?.data
        }),
      delete: (platform, key) =>
        using('write', async (driver) => {
          await driver.query('DELETE FROM installations WHERE platform = ? AND key = ?', [platform, key])
        }),
    },

    importEntries(entries: readonly ImportedEntry[]) {
      return using('write', async (driver) => {
        let added = 0
        for (let start = 0; start < entries.length; start += IMPORT_BATCH) {
          const batch = entries.slice(start, start + IMPORT_BATCH)
          added += await driver.transaction(async (query) => {
            let count = 0
            for (const { key, entry } of batch) {
              const at = Date.parse(entry.at)
              // importFeedbackLog leaves these out and counts them; a time that is no date has no place
              if (Number.isNaN(at)) continue
              const taken = await query(
                'INSERT INTO imported_lines (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key',
                [key, now().getTime()],
              )
              if (taken.length === 0) continue
              count += 1
              const scope = { platform: entry.platform }
              if ('unanswered' in entry) {
                await insertEvent(query, at, scope, entry.question, { kind: 'declined' })
                continue
              }
              // a line written before votes were hashed names the user: the id is dropped, and the vote
              // counts on its own, as the JSONL report counts it
              await upsertVote(
                query,
                at,
                scope,
                entry.voter ?? null,
                entry.question,
                entry.claims,
                entry.vote,
              )
            }
            return count
          })
        }
        return added
      })
    },

    async close() {
      const current = opened
      opened = undefined
      if (!current) return
      const { driver } = await current.catch(() => ({ driver: undefined }))
      await driver?.close()
    },
  }
}
