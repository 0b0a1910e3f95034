import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { handle } from '../src/commands.ts'
import {
  createFeedbackLog,
  type FeedbackLog,
  readFeedbackLog,
  recordIfUnanswered,
  type VoteEntry,
} from '../src/feedback.ts'
import { loadKnowledge } from '../src/knowledge/load.ts'
import { recordingLogger } from './adapters/slack/stand-in.ts'

const ENTRY: VoteEntry = {
  platform: 'slack',
  user: 'U1234',
  question: 'What does Iran contribute?',
  claims: ['new-coalition/iran-oil-energy-trade'],
  vote: 'up',
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cited-answers-feedback-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const readLines = (file: string) => readFileSync(file, 'utf8').split('\n')

describe('the feedback log', () => {
  it('creates its folder and writes one JSON object per line, stamped with the time', async () => {
    const file = join(dir, 'nested', 'deeper', 'feedback.jsonl')
    const log = createFeedbackLog(file, { now: () => new Date('2025-01-02T03:04:05.678Z') })
    await log.record(ENTRY)
    await log.record({ ...ENTRY, platform: 'discord', user: '123456789012345678', vote: 'down', claims: [] })
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '{"at":"2025-01-02T03:04:05.678Z","platform":"slack","user":"U1234","question":"What does Iran contribute?","claims":["new-coalition/iran-oil-energy-trade"],"vote":"up"}',
        '{"at":"2025-01-02T03:04:05.678Z","platform":"discord","user":"123456789012345678","question":"What does Iran contribute?","claims":[],"vote":"down"}',
        '',
      ].join('\n'),
    )
  })

  it('appends to a log that already exists', async () => {
    const file = join(dir, 'feedback.jsonl')
    writeFileSync(file, '{"at":"earlier"}\n')
    await createFeedbackLog(file).record(ENTRY)
    const lines = readLines(file)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe('{"at":"earlier"}')
    expect(JSON.parse(lines[1] ?? '')).toMatchObject(ENTRY)
  })

  it('keeps a question with newlines and quotes on one line', async () => {
    const file = join(dir, 'feedback.jsonl')
    const question = 'line one\nline "two"\r\n\u2028end'
    await createFeedbackLog(file).record({ ...ENTRY, question })
    const lines = readLines(file)
    expect(lines).toHaveLength(2)
    expect(JSON.parse(lines[0] ?? '').question).toBe(question)
  })

  it('loses no line when 50 votes are recorded at once', async () => {
    const file = join(dir, 'votes', 'feedback.jsonl')
    const log = createFeedbackLog(file)
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        log.record({ ...ENTRY, user: `U${index}`, question: `question ${index} ${'x'.repeat(2000)}` }),
      ),
    )
    const lines = readLines(file)
    expect(lines.pop()).toBe('')
    const records = lines.map((line) => JSON.parse(line) as VoteEntry & { at: string })
    expect(records).toHaveLength(50)
    expect(new Set(records.map((record) => record.user)).size).toBe(50)
    for (const record of records) expect(Number.isNaN(Date.parse(record.at))).toBe(false)
  })

  it('loses no line when two logs on the same file record at once', async () => {
    const file = join(dir, 'feedback.jsonl')
    const logs = [createFeedbackLog(file), createFeedbackLog(file)]
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => logs[index % 2]?.record({ ...ENTRY, user: `U${index}` })),
    )
    const users = readLines(file)
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as VoteEntry).user)
    expect(users.sort()).toEqual(Array.from({ length: 40 }, (_, index) => `U${index}`).sort())
  })
})

describe('unanswered questions', () => {
  const kb = loadKnowledge()
  const UNANSWERABLE = 'how big is the dprk army'

  const recorder = () => {
    const entries: unknown[] = []
    const log: FeedbackLog = { record: async (entry) => void entries.push(entry) }
    return { log, entries }
  }

  it('are recorded with the platform and the words asked, and nothing about who asked', async () => {
    const file = join(dir, 'feedback.jsonl')
    const log = createFeedbackLog(file, { now: () => new Date('2025-01-02T03:04:05.678Z') })
    await recordIfUnanswered(
      log,
      'slack',
      handle({ kind: 'ask', question: UNANSWERABLE }, kb),
      recordingLogger(),
    )
    expect(readFileSync(file, 'utf8')).toBe(
      `{"at":"2025-01-02T03:04:05.678Z","platform":"slack","question":"${UNANSWERABLE}","unanswered":true}\n`,
    )
  })

  it.each([
    ['an answered question', handle({ kind: 'ask', question: 'what does iran contribute?' }, kb)],
    ['a question with no words to match', handle({ kind: 'ask', question: 'what is the?' }, kb)],
    ['help', handle({ kind: 'help' }, kb)],
    ['bad input', handle({ kind: 'invalid', problem: 'binary', message: 'binary' }, kb)],
  ])('are the only replies recorded: not %s', async (_, reply) => {
    const { log, entries } = recorder()
    await recordIfUnanswered(log, 'discord', reply, recordingLogger())
    expect(entries).toEqual([])
  })

  it('are not recorded when the operator turned that off, while votes still are', async () => {
    const file = join(dir, 'feedback.jsonl')
    const log = createFeedbackLog(file, { recordUnanswered: false })
    await recordIfUnanswered(
      log,
      'slack',
      handle({ kind: 'ask', question: UNANSWERABLE }, kb),
      recordingLogger(),
    )
    await log.record(ENTRY)
    expect(
      readLines(file)
        .filter(Boolean)
        .map((line) => JSON.parse(line).vote),
    ).toEqual(['up'])
  })

  it('that cannot be written are reported to the operator, never thrown at the user', async () => {
    const logger = recordingLogger()
    const failing: FeedbackLog = {
      record: vi.fn(async () => Promise.reject(new Error('EACCES: disk says no'))),
    }
    await expect(
      recordIfUnanswered(failing, 'slack', handle({ kind: 'ask', question: UNANSWERABLE }, kb), logger),
    ).resolves.toBeUndefined()
    expect(failing.record).toHaveBeenCalledOnce()
    expect(logger.lines.join('\n')).toContain('could not record an unanswered question')
  })
})

describe('reading the log back', () => {
  it('returns what was written, votes and unanswered questions alike', async () => {
    const file = join(dir, 'feedback.jsonl')
    const log = createFeedbackLog(file, { now: () => new Date('2025-01-02T03:04:05.678Z') })
    await log.record(ENTRY)
    await log.record({ platform: 'discord', question: 'army size?', unanswered: true })
    expect(await readFeedbackLog(file)).toEqual({
      entries: [
        { at: '2025-01-02T03:04:05.678Z', ...ENTRY },
        { at: '2025-01-02T03:04:05.678Z', platform: 'discord', question: 'army size?', unanswered: true },
      ],
      skipped: [],
    })
  })

  it('is empty when nothing has been recorded yet', async () => {
    expect(await readFeedbackLog(join(dir, 'never-written.jsonl'))).toEqual({ entries: [], skipped: [] })
  })

  it('keeps every good line and names each bad one, for a log edited by hand or cut short', async () => {
    const file = join(dir, 'feedback.jsonl')
    const good = JSON.stringify({ at: '2025-01-02T00:00:00.000Z', ...ENTRY })
    writeFileSync(
      file,
      [
        good,
        '',
        '{"at":"2025-01-02T00:00:00.000Z","platform":"slack","question":"cut sh',
        '\u0000\u0001\u00ff binary',
        '{"at":"2025-01-02T00:00:00.000Z","platform":"slack","question":"q","vote":"sideways","user":"U","claims":[]}',
        '[1,2,3]',
        good,
      ].join('\r\n'),
    )
    const { entries, skipped } = await readFeedbackLog(file)
    expect(entries).toHaveLength(2)
    expect(skipped).toEqual([
      { line: 3, reason: 'not JSON' },
      { line: 4, reason: 'not JSON' },
      { line: 5, reason: 'not a vote or an unanswered question' },
      { line: 6, reason: 'not a vote or an unanswered question' },
    ])
  })

  it('says clearly when the log is not a file it can read', async () => {
    await expect(readFeedbackLog(dir)).rejects.toThrow(
      new RegExp(
        `Cannot read the feedback log ${dir} \\(EISDIR.*\\); point FEEDBACK_LOG or --log at the log file`,
      ),
    )
  })
})
