import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFeedbackLog, type FeedbackEntry } from '../src/feedback.ts'

const ENTRY: FeedbackEntry = {
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
    const log = createFeedbackLog(file, () => new Date('2025-01-02T03:04:05.678Z'))
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
    const records = lines.map((line) => JSON.parse(line) as FeedbackEntry & { at: string })
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
      .map((line) => (JSON.parse(line) as FeedbackEntry).user)
    expect(users.sort()).toEqual(Array.from({ length: 40 }, (_, index) => `U${index}`).sort())
  })
})
