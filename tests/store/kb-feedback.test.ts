/**
 * `kb feedback` and `kb import-feedback` as a curator runs them: the report reads whichever store is
 * configured (--store, DATABASE_URL, EVENT_STORE), a JSONL log still reads as before, and a log imported
 * into the store reports the same.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFeedbackLog } from '../../src/feedback.ts'
import { postgresInstalled, startPostgresServer, warnIfPostgresMissing } from '../helpers/postgres-server.ts'

const project = join(import.meta.dirname, '..', '..')
/** tsx's loader by its file, so that kb runs from any folder */
const TSX = pathToFileURL(join(project, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
let folder: string

/** run `kb` with tsx from `cwd` (the project's folder, as npm runs it), INIT_CWD the folder the user is in */
function kb(args: string[], env: Record<string, string> = {}, cwd = project) {
  const result = spawnSync(
    process.execPath,
    ['--import', TSX, join(project, 'src', 'cli', 'kb.ts'), ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        KNOWLEDGE_DIR: '',
        DATABASE_URL: '',
        EVENT_STORE: '',
        FEEDBACK_LOG: '',
        INIT_CWD: folder,
        ...env,
      },
    },
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const withoutLog = (stdout: string) => {
  const { log, ...report } = JSON.parse(stdout) as Record<string, unknown>
  return { log, report }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cited-answers-kb-feedback-'))
  let minute = 0
  const log = createFeedbackLog(join(folder, 'feedback.jsonl'), {
    now: () => new Date(Date.UTC(2026, 0, 5, 10, minute++)),
  })
  const vote = {
    platform: 'slack',
    question: 'What does Iran contribute?',
    claims: ['new-coalition/iran-oil-energy-trade'],
  }
  await log.record({ platform: 'slack', question: 'How big is the DPRK army?', unanswered: true })
  await log.record({ ...vote, user: 'U1', vote: 'up' })
  await log.record({ ...vote, user: 'U1', vote: 'down' })
  await log.record({ ...vote, user: 'U2', vote: 'down' })
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('kb import-feedback and kb feedback on the embedded store', () => {
  it('imports a log into the store named by --store, from where the command was typed, once', () => {
    const first = kb(['import-feedback', 'feedback.jsonl', '--store', 'events.sqlite'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toBe(
      `Imported 4 of 4 entries of feedback.jsonl into ${join(folder, 'events.sqlite')}.\n`,
    )
    const again = kb(['import-feedback', 'feedback.jsonl', '--store', 'events.sqlite'])
    expect(again.stdout).toContain('Imported 0 of 4 entries of feedback.jsonl')
    expect(again.stdout).toContain('(4 were there from an earlier import)')
  })

  it('reports from the store what it reports from the log, by --store and by EVENT_STORE', () => {
    const fromLog = withoutLog(kb(['feedback', '--json', '--log', join(folder, 'feedback.jsonl')]).stdout)
    const byOption = withoutLog(kb(['feedback', '--json', '--store', 'events.sqlite']).stdout)
    const byEnvironment = withoutLog(
      kb(['feedback', '--json'], { EVENT_STORE: join(folder, 'events.sqlite') }).stdout,
    )
    expect(fromLog.report).toMatchObject({ entries: 4, unanswered: 1, up: 0, down: 2, replaced: 1 })
    expect(byOption.report).toEqual(fromLog.report)
    expect(byEnvironment.report).toEqual(fromLog.report)
    expect(byOption.log).toBe(join(folder, 'events.sqlite'))
  })

  it('reads the JSONL log as before where no store is configured or made', () => {
    const { code, stdout } = kb(
      ['feedback', '--json'],
      { FEEDBACK_LOG: join(folder, 'feedback.jsonl') },
      folder,
    )
    expect(code).toBe(0)
    expect(withoutLog(stdout).log).toBe(join(folder, 'feedback.jsonl'))
    expect(existsSync(join(folder, 'feedback', 'events.sqlite'))).toBe(false)
  })

  it('says so when --store names no store, and makes none', () => {
    const { code, stderr } = kb(['feedback', '--store', 'missing.sqlite'])
    expect(code).toBe(2)
    expect(stderr).toContain(`No event store at ${join(folder, 'missing.sqlite')}`)
    expect(existsSync(join(folder, 'missing.sqlite'))).toBe(false)
  })

  it('takes --log or --store, not both', () => {
    const { code, stderr } = kb(['feedback', '--store', 'events.sqlite', '--log', 'feedback.jsonl'])
    expect(code).toBe(2)
    expect(stderr).toContain('Give --log (a JSONL log) or --store (the event store), not both.')
  })
})

warnIfPostgresMissing('kb feedback against PostgreSQL (tests/store/kb-feedback.test.ts)')

describe.skipIf(!postgresInstalled)('kb import-feedback and kb feedback on PostgreSQL', () => {
  it('imports into DATABASE_URL and reports from it what the log reports', async () => {
    const server = await startPostgresServer()
    try {
      const url = await server.createDatabase()
      const imported = kb(['import-feedback', 'feedback.jsonl'], { DATABASE_URL: url })
      expect(imported.stdout).toContain(`Imported 4 of 4 entries of feedback.jsonl into ${url}.`)
      const fromLog = withoutLog(kb(['feedback', '--json', '--log', join(folder, 'feedback.jsonl')]).stdout)
      const fromDatabase = withoutLog(kb(['feedback', '--json'], { DATABASE_URL: url }).stdout)
      const byOption = withoutLog(kb(['feedback', '--json', '--store', url]).stdout)
      expect(fromDatabase.report).toEqual(fromLog.report)
      expect(byOption.report).toEqual(fromLog.report)
    } finally {
      await server.stop()
    }
  })
})
