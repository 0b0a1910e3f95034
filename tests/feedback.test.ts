import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { handle } from '../src/commands.ts'
import { CitedAnswersError } from '../src/errors.ts'
import {
  createFeedbackLog,
  type FeedbackLog,
  LOGGED_QUESTION_CHARS,
  type LoggedVote,
  MAX_LINE_BYTES,
  readFeedbackLog,
  recordIfUnanswered,
  recordVote,
  saltFileOf,
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

const VOTER = /^[0-9a-f]{32}$/

describe('the feedback log', () => {
  it('creates its folder and writes one JSON object per line, stamped with the time', async () => {
    const file = join(dir, 'nested', 'deeper', 'feedback.jsonl')
    const log = createFeedbackLog(file, { now: () => new Date('2025-01-02T03:04:05.678Z') })
    expect(await log.record(ENTRY)).toEqual({ kind: 'recorded' })
    await log.record({ ...ENTRY, platform: 'discord', user: '123456789012345678', vote: 'down', claims: [] })
    expect(readFileSync(file, 'utf8').replace(/"voter":"[0-9a-f]{32}"/g, '"voter":"…"')).toBe(
      [
        '{"at":"2025-01-02T03:04:05.678Z","platform":"slack","voter":"…","question":"What does Iran contribute?","claims":["new-coalition/iran-oil-energy-trade"],"vote":"up"}',
        '{"at":"2025-01-02T03:04:05.678Z","platform":"discord","voter":"…","question":"What does Iran contribute?","claims":[],"vote":"down"}',
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
    const { user, ...rest } = ENTRY
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ ...rest, voter: expect.stringMatching(VOTER) })
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
        log.record({ ...ENTRY, user: `U${index}`, question: `question ${index} ${'x'.repeat(1900)}` }),
      ),
    )
    const lines = readLines(file)
    expect(lines.pop()).toBe('')
    const records = lines.map((line) => JSON.parse(line) as LoggedVote)
    expect(records).toHaveLength(50)
    expect(new Set(records.map((record) => record.voter)).size).toBe(50)
    for (const record of records) expect(Number.isNaN(Date.parse(record.at))).toBe(false)
  })

  it('loses no line when two logs on the same file record at once, and both hash voters alike', async () => {
    const file = join(dir, 'feedback.jsonl')
    const logs = [createFeedbackLog(file), createFeedbackLog(file)]
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        logs[index % 2]?.record({ ...ENTRY, question: `question ${index % 20}` }),
      ),
    )
    const votes = readLines(file)
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoggedVote)
    expect(votes.map((vote) => vote.question).sort()).toEqual(
      Array.from({ length: 40 }, (_, index) => `question ${index % 20}`).sort(),
    )
    // each question was voted on once through each log: the same user on the same answer, one voter
    expect(new Set(votes.map((vote) => vote.voter)).size).toBe(20)
  })

  it('writes again once its folder can be made, without a restart', async () => {
    const blocked = join(dir, 'feedback')
    writeFileSync(blocked, 'a file where the folder should be')
    const file = join(blocked, 'feedback.jsonl')
    const log = createFeedbackLog(file)
    const unanswered = { platform: 'slack', question: 'army size?', unanswered: true } as const
    expect(await log.record(unanswered)).toMatchObject({ kind: 'failed' })
    expect(await log.record(ENTRY)).toMatchObject({ kind: 'failed' })
    rmSync(blocked)
    expect(await log.record(unanswered)).toEqual({ kind: 'recorded' })
    expect(await log.record(ENTRY)).toEqual({ kind: 'recorded' })
    expect((await readFeedbackLog(file)).entries).toHaveLength(2)
  })

  it('makes its folder again when it is removed while the bot runs', async () => {
    const file = join(dir, 'feedback', 'feedback.jsonl')
    const log = createFeedbackLog(file)
    await log.record(ENTRY)
    rmSync(join(dir, 'feedback'), { recursive: true })
    expect(await log.record(ENTRY)).toEqual({ kind: 'recorded' })
    expect(readLines(file).filter(Boolean)).toHaveLength(1)
  })

  it('says which file it cannot write and what to do, naming the file once', async () => {
    writeFileSync(join(dir, 'feedback'), '')
    const file = join(dir, 'feedback', 'feedback.jsonl')
    const recorded = await createFeedbackLog(file).record({
      platform: 'slack',
      question: 'army size?',
      unanswered: true,
    })
    if (recorded.kind !== 'failed') throw new Error(`expected a failure, got ${recorded.kind}`)
    expect(recorded.error.message).toMatch(
      /^Cannot write the feedback log .*feedback\.jsonl \((ENOTDIR|EEXIST)[^)]*\); let the bot write that file and its folder, or point FEEDBACK_LOG at a file it can write/,
    )
    expect(recorded.error.message.split(file)).toHaveLength(2)
  })

  it('starts a new entry on its own line after a write that was cut short, keeping both', async () => {
    const file = join(dir, 'feedback.jsonl')
    const good = JSON.stringify({ at: '2025-01-02T00:00:00.000Z', ...ENTRY })
    writeFileSync(file, `${good}\n{"at":"2025-01-02T00:00:00.000Z","platform":"slack","question":"cut sh`)
    await createFeedbackLog(file).record({ platform: 'discord', question: 'army size?', unanswered: true })
    const lines = readLines(file)
    expect(lines).toHaveLength(4)
    expect(lines[1]).toBe('{"at":"2025-01-02T00:00:00.000Z","platform":"slack","question":"cut sh')
    const { entries, skipped } = await readFeedbackLog(file)
    expect(skipped).toEqual([{ line: 2, reason: 'not JSON' }])
    expect(entries.map((entry) => entry.question)).toEqual([ENTRY.question, 'army size?'])
  })

  it(`keeps a question to ${LOGGED_QUESTION_CHARS} characters, marked where it was cut`, async () => {
    const file = join(dir, 'feedback.jsonl')
    const log = createFeedbackLog(file)
    await log.record({ platform: 'slack', question: `why ${'so '.repeat(5000)}`, unanswered: true })
    await log.record({ ...ENTRY, question: '🦆'.repeat(3000) })
    const [declined, vote] = (await readFeedbackLog(file)).entries
    // the space before the cut is dropped
    expect(Array.from(declined?.question ?? '')).toHaveLength(LOGGED_QUESTION_CHARS - 1)
    expect(declined?.question.endsWith(' so…')).toBe(true)
    expect(Array.from(vote?.question ?? '')).toHaveLength(LOGGED_QUESTION_CHARS)
    expect(vote?.question.endsWith('🦆…')).toBe(true)
  })

  it(`keeps every line under ${MAX_LINE_BYTES} bytes, refusing an entry that would not fit`, async () => {
    const file = join(dir, 'feedback.jsonl')
    const log = createFeedbackLog(file)
    // every character written as a six-byte JSON escape: the longest line a kept question makes
    const escaped = '\u0001'.repeat(10_000)
    expect(await log.record({ platform: 'slack', question: escaped, unanswered: true })).toEqual({
      kind: 'recorded',
    })
    expect(await log.record({ ...ENTRY, question: escaped })).toEqual({ kind: 'recorded' })
    const claims = Array.from({ length: 400 }, (_, index) => `new-coalition/claim-${index}-${'x'.repeat(40)}`)
    const refused = await log.record({ ...ENTRY, claims })
    expect(refused).toMatchObject({ kind: 'refused' })
    if (refused.kind === 'refused') expect(refused.error.message).toMatch(/over the 16384 a line may hold/)
    const lines = readLines(file).filter(Boolean)
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(Buffer.byteLength(line) + 1).toBeLessThanOrEqual(MAX_LINE_BYTES)
  })
})

describe('who voted', () => {
  const file = () => join(dir, 'feedback.jsonl')
  const voters = () =>
    readLines(file())
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as LoggedVote).voter)

  it("is written as a salted hash, never as the platform's user id", async () => {
    await createFeedbackLog(file()).record({ ...ENTRY, user: 'U0SECRET42' })
    const text = readFileSync(file(), 'utf8')
    expect(text).not.toContain('U0SECRET42')
    expect(text).not.toContain('"user"')
    expect(voters()).toEqual([expect.stringMatching(VOTER)])
  })

  it('is the same for one user clicking twice on one answer, even after a restart', async () => {
    await createFeedbackLog(file()).record(ENTRY)
    await createFeedbackLog(file()).record({ ...ENTRY, vote: 'down' })
    const [first, second] = voters()
    expect(first).toBe(second)
  })

  it('differs between users, and between answers, so one user’s votes cannot be linked', async () => {
    const log = createFeedbackLog(file())
    await log.record(ENTRY)
    await log.record({ ...ENTRY, user: 'U5678' })
    await log.record({ ...ENTRY, question: 'What does China contribute?' })
    await log.record({ ...ENTRY, claims: ['new-coalition/some-other-claim'] })
    expect(new Set(voters()).size).toBe(4)
  })

  it('is hashed with a salt made on first use, in a file beside the log only its owner can read', async () => {
    const salt = saltFileOf(file())
    expect(existsSync(salt)).toBe(false)
    await createFeedbackLog(file()).record({ platform: 'slack', question: 'army size?', unanswered: true })
    expect(existsSync(salt)).toBe(false)
    await createFeedbackLog(file()).record(ENTRY)
    expect(readFileSync(salt, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/)
    expect(statSync(salt).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir).sort()).toEqual(['feedback.jsonl', 'feedback.jsonl.salt'])
  })

  it('is hashed with another salt in another log', async () => {
    await createFeedbackLog(file()).record(ENTRY)
    await createFeedbackLog(join(dir, 'other.jsonl')).record(ENTRY)
    const other = JSON.parse(readLines(join(dir, 'other.jsonl'))[0] ?? '') as LoggedVote
    expect(other.voter).not.toBe(voters()[0])
  })

  it('cannot be hashed with a damaged salt file, and the failure says which file and what to do', async () => {
    writeFileSync(saltFileOf(file()), 'not a salt\n')
    const recorded = await createFeedbackLog(file()).record(ENTRY)
    expect(recorded).toMatchObject({ kind: 'failed' })
    if (recorded.kind === 'failed')
      expect(recorded.error.message).toBe(
        `The feedback log's salt file ${saltFileOf(file())} does not hold 64 hex digits; delete it and the bot makes a new one (a user's next click on an answer they voted on before then counts as a new vote).`,
      )
    expect(existsSync(file())).toBe(false)
  })
})

describe('votes from a button', () => {
  const kb = loadKnowledge()
  const known = kb.claims.slice(0, 3).map((claim) => claim.id)

  it('are recorded when they name claims of the knowledge base', async () => {
    const file = join(dir, 'feedback.jsonl')
    expect(await recordVote(createFeedbackLog(file), kb, { ...ENTRY, claims: known })).toEqual({
      kind: 'recorded',
    })
    expect((await readFeedbackLog(file)).entries).toEqual([expect.objectContaining({ claims: known })])
  })

  it.each([
    ['a claim the knowledge base does not have', [...known, 'new-coalition/no-such-claim']],
    ['no claim at all', []],
  ])('are refused, and not written, when they name %s', async (_, claims) => {
    const file = join(dir, 'feedback.jsonl')
    const outcome = await recordVote(createFeedbackLog(file), kb, { ...ENTRY, claims })
    expect(outcome).toEqual({
      kind: 'refused',
      message:
        'This vote was not recorded: it is not about an answer the bot gives now. Ask again with /ask to vote on the current answer.',
    })
    expect(existsSync(file)).toBe(false)
  })

  it('that cannot be saved say so to the user, and carry for the operator which file and why', async () => {
    writeFileSync(join(dir, 'feedback'), '')
    const file = join(dir, 'feedback', 'feedback.jsonl')
    const outcome = await recordVote(createFeedbackLog(file), kb, { ...ENTRY, claims: known })
    expect(outcome).toMatchObject({
      kind: 'failed',
      message:
        'Your vote could not be saved (the feedback log cannot be written); the team running the bot has been told.',
    })
    if (outcome.kind === 'failed')
      expect(outcome.error.message).toContain(
        `${file}.salt (ENOTDIR: not a directory); let the bot write the folder`,
      )
  })
})

describe('unanswered questions', () => {
  const kb = loadKnowledge()
  const UNANSWERABLE = 'how big is the dprk army'

  const recorder = () => {
    const entries: unknown[] = []
    const log: FeedbackLog = {
      record: async (entry) => {
        entries.push(entry)
        return { kind: 'recorded' }
      },
    }
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
      record: vi.fn(async () => ({
        kind: 'failed' as const,
        error: new CitedAnswersError(
          'invalid-config',
          'Cannot write the feedback log feedback.jsonl (EACCES)',
        ),
      })),
    }
    await expect(
      recordIfUnanswered(failing, 'slack', handle({ kind: 'ask', question: UNANSWERABLE }, kb), logger),
    ).resolves.toBeUndefined()
    expect(failing.record).toHaveBeenCalledOnce()
    expect(logger.lines).toEqual([
      'error: slack: could not record an unanswered question in the feedback log: Cannot write the feedback log feedback.jsonl (EACCES)',
    ])
  })
})

describe('reading the log back', () => {
  it('returns what was written, votes and unanswered questions alike', async () => {
    const file = join(dir, 'feedback.jsonl')
    const log = createFeedbackLog(file, { now: () => new Date('2025-01-02T03:04:05.678Z') })
    await log.record(ENTRY)
    await log.record({ platform: 'discord', question: 'army size?', unanswered: true })
    const { user, ...vote } = ENTRY
    expect(await readFeedbackLog(file)).toEqual({
      entries: [
        { at: '2025-01-02T03:04:05.678Z', ...vote, voter: expect.stringMatching(VOTER) },
        { at: '2025-01-02T03:04:05.678Z', platform: 'discord', question: 'army size?', unanswered: true },
      ],
      skipped: [],
    })
  })

  it('reads votes written before voters were hashed, with the user id they carry', async () => {
    const file = join(dir, 'feedback.jsonl')
    const old = { at: '2025-01-02T00:00:00.000Z', ...ENTRY }
    writeFileSync(file, `${JSON.stringify(old)}\n`)
    await createFeedbackLog(file).record(ENTRY)
    const { entries, skipped } = await readFeedbackLog(file)
    expect(skipped).toEqual([])
    expect(entries[0]).toEqual(old)
    expect(entries[1]).not.toHaveProperty('user')
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
