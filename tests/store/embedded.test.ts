import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { CitedAnswersError } from '../../src/errors.ts'
import { createEmbeddedStore } from '../../src/store/embedded.ts'
import { createStoreFeedbackLog } from '../../src/store/feedback-log.ts'
import { SCHEMA_VERSION } from '../../src/store/schema.ts'
import { describeEventStore } from './store-suite.ts'

const dir = mkdtempSync(join(tmpdir(), 'cited-answers-embedded-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
const freshFile = () => join(dir, `store-${++files}`, 'events.sqlite')

/** a statement run on the file through a connection of its own, as an operator's sqlite3 would */
function rows(file: string, sql: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

describeEventStore('embedded SQLite', async () => ({
  fresh: async () => freshFile(),
  create: (file) => createEmbeddedStore(file),
  rows: async (file, sql) => rows(file, sql),
  stop: async () => {},
}))

describe('the embedded event store', () => {
  it('makes its file and folder on first use, readable by its owner alone, in WAL mode', async () => {
    const file = freshFile()
    const store = createEmbeddedStore(file)
    await store.open()
    await store.close()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(rows(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }])
  })

  it('opens nothing until it is used', () => {
    const file = freshFile()
    createEmbeddedStore(file)
    expect(() => statSync(file)).toThrow()
  })

  it('says there is no store when told one must exist, and makes none', async () => {
    const file = freshFile()
    const store = createEmbeddedStore(file, { mustExist: true })
    const opening = store.open()
    await expect(opening).rejects.toBeInstanceOf(CitedAnswersError)
    await expect(opening).rejects.toThrow(/No event store at .*events\.sqlite/)
    expect(() => statSync(file)).toThrow()
  })

  it('says which file cannot be written and what to set, at check() and again at each vote', async () => {
    // a folder that is a file: unwritable even for root
    const blocked = join(dir, 'a-file')
    writeFileSync(blocked, '')
    const store = createEmbeddedStore(join(blocked, 'events.sqlite'))
    const log = createStoreFeedbackLog(store)
    await expect(log.check?.()).rejects.toThrow(
      /Cannot open the event store .*a-file\/events\.sqlite .*EVENT_STORE/,
    )
    const recorded = await log.record({
      platform: 'slack',
      user: 'U1',
      question: 'q',
      claims: ['c'],
      vote: 'up',
    })
    expect(recorded.kind).toBe('failed')
    expect(recorded.kind === 'failed' && recorded.error.message).toMatch(/Cannot open the event store/)
  })

  it('lets four processes start on one new file at once: one migrates, all append', async () => {
    const file = freshFile()
    const startAt = Date.now() + 1_500
    const run = promisify(execFile)
    await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, [
          '--import',
          'tsx',
          join(import.meta.dirname, 'open-in-process.ts'),
          file,
          String(startAt),
        ]),
      ),
    )
    expect(rows(file, 'SELECT version FROM schema_migrations')).toHaveLength(SCHEMA_VERSION)
    expect(rows(file, "SELECT id FROM events WHERE kind = 'declined'")).toHaveLength(4)
  })
})
