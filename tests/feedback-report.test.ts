import { describe, expect, it } from 'vitest'
import { ask } from '../src/answer/ask.ts'
import type { LoggedFeedback } from '../src/feedback.ts'
import { buildFeedbackReport, feedbackReportJson, formatFeedbackReport } from '../src/feedback-report.ts'
import { loadKnowledge } from '../src/knowledge/load.ts'

const kb = loadKnowledge()

const firstAnswer = (question: string): string => {
  const answer = ask(question, kb)
  if (answer.kind !== 'answered') throw new Error(`expected an answer to ${question}`)
  return answer.matches[0]?.claim.id ?? ''
}

const unanswered = (question: string, at: string): LoggedFeedback => ({
  at,
  platform: 'slack',
  question,
  unanswered: true,
})
/** a vote as logs written before voters were hashed hold it: each counts */
const vote = (question: string, at: string, vote: 'up' | 'down', claims: string[]): LoggedFeedback => ({
  at,
  platform: 'discord',
  user: 'U1',
  question,
  claims,
  vote,
})
/** a vote as the log holds it now, by `voter` (the same for one user's clicks on one answer) */
const voted = (
  voter: string,
  question: string,
  at: string,
  choice: 'up' | 'down',
  claims: string[],
): LoggedFeedback => ({ at, platform: 'slack', voter, question, claims, vote: choice })

describe('the feedback report', () => {
  const IRAN = 'what does iran contribute?'
  const iranClaim = firstAnswer(IRAN)
  const CHINA = 'what does china contribute?'
  const notChinasFirst = kb.claims.find((claim) => claim.id !== firstAnswer(CHINA))?.id ?? ''
  const report = buildFeedbackReport(
    [
      unanswered('How big is the DPRK army?', '2026-01-01T10:00:00.000Z'),
      unanswered('how big is the dprk army', '2026-01-03T10:00:00.000Z'),
      unanswered('  HOW BIG is the dprk army!! ', '2026-01-02T10:00:00.000Z'),
      vote(IRAN, '2026-01-02T11:00:00.000Z', 'down', [iranClaim]),
      vote(CHINA, '2026-01-02T12:00:00.000Z', 'down', [notChinasFirst]),
      vote('who backs russia?', '2026-01-02T13:00:00.000Z', 'up', ['new-coalition/whatever']),
      // once declined, since taught: the knowledge base answers it now
      unanswered(IRAN.toUpperCase(), '2026-01-01T09:00:00.000Z'),
    ],
    kb,
  )

  it('counts every entry', () => {
    expect(report).toMatchObject({ entries: 7, unanswered: 4, down: 2, up: 1 })
  })

  it('groups one question asked in different case and punctuation, under its latest wording', () => {
    const army = report.questions.filter((item) => item.question.toLowerCase().includes('dprk army'))
    expect(army).toHaveLength(1)
    expect(army[0]).toMatchObject({
      question: 'how big is the dprk army',
      unanswered: 3,
      lastAt: '2026-01-03T10:00:00.000Z',
      answeredNow: [],
      open: true,
    })
  })

  it('offers the claims closest to a declined question, with how much of it each holds', () => {
    const army = report.questions.find((item) => item.question === 'how big is the dprk army')
    expect(army?.closest.length).toBeGreaterThan(0)
    for (const candidate of army?.closest ?? []) {
      expect(candidate.coverage).toBeGreaterThan(0)
      expect(candidate.coverage).toBeLessThan(kb.index.config.minCoverage)
    }
  })

  it('keeps open a question whose first answer is still the one voted down', () => {
    const iran = report.questions.find((item) => item.question === IRAN)
    expect(iran).toMatchObject({ down: 1, unanswered: 1, downVoted: [iranClaim], open: true })
    expect(iran?.answeredNow[0]).toBe(iranClaim)
  })

  it('settles a question the knowledge base now answers with another claim than the one voted down', () => {
    const china = report.questions.find((item) => item.question === CHINA)
    expect(china?.open).toBe(false)
    expect(china?.answeredNow[0]).toBe(firstAnswer(CHINA))
  })

  it('leaves out questions only ever voted up, and lists open questions first, the most asked first', () => {
    expect(report.questions.map((item) => [item.question, item.open])).toEqual([
      ['how big is the dprk army', true],
      [IRAN, true],
      [CHINA, false],
    ])
  })

  it('is empty for an empty log', () => {
    expect(buildFeedbackReport([], kb)).toEqual({
      entries: 0,
      unanswered: 0,
      up: 0,
      down: 0,
      replaced: 0,
      outdated: 0,
      questions: [],
    })
  })
})

describe('votes in the feedback report', () => {
  const IRAN = 'what does iran contribute?'
  const iranClaims = [firstAnswer(IRAN)]

  it("count only a user's latest vote on an answer: a second click changes the vote", () => {
    const report = buildFeedbackReport(
      [
        voted('v1', IRAN, '2026-01-02T10:00:00.000Z', 'up', iranClaims),
        voted('v1', IRAN, '2026-01-02T10:05:00.000Z', 'down', iranClaims),
      ],
      kb,
    )
    expect(report).toMatchObject({ entries: 2, up: 0, down: 1, replaced: 1 })
    expect(report.questions).toMatchObject([{ question: IRAN, up: 0, down: 1, open: true }])
  })

  it('take the later time, not the later line, as the latest vote', () => {
    const report = buildFeedbackReport(
      [
        voted('v1', IRAN, '2026-01-02T10:05:00.000Z', 'up', iranClaims),
        voted('v1', IRAN, '2026-01-02T10:00:00.000Z', 'down', iranClaims),
      ],
      kb,
    )
    expect(report).toMatchObject({ up: 1, down: 0, replaced: 1, questions: [] })
  })

  it('each count, from different users, on different answers, and from logs written before voters were hashed', () => {
    const report = buildFeedbackReport(
      [
        voted('v1', IRAN, '2026-01-02T10:00:00.000Z', 'down', iranClaims),
        voted('v2', IRAN, '2026-01-02T10:01:00.000Z', 'down', iranClaims),
        voted('v1', 'what does china contribute?', '2026-01-02T10:02:00.000Z', 'up', iranClaims),
        vote(IRAN, '2026-01-02T10:03:00.000Z', 'down', iranClaims),
        vote(IRAN, '2026-01-02T10:04:00.000Z', 'down', iranClaims),
      ],
      kb,
    )
    expect(report).toMatchObject({ entries: 5, up: 1, down: 4, replaced: 0 })
  })

  it('on claims the knowledge base does not hold are counted, but never make a question answered differently now', () => {
    const forged = ['new-coalition/no-such-claim']
    const report = buildFeedbackReport(
      [
        voted('v1', IRAN, '2026-01-02T10:00:00.000Z', 'down', forged),
        vote('who backs russia?', '2026-01-02T10:01:00.000Z', 'down', forged),
      ],
      kb,
    )
    expect(report).toMatchObject({ entries: 2, down: 2, outdated: 2, questions: [] })
    const text = formatFeedbackReport(report, 'log')
    expect(text).not.toContain('Answered differently now')
    expect(text.split('\n').slice(0, 2)).toEqual([
      'log: 2 entries: 0 declined, 2 voted down, 0 voted up.',
      '2 votes down name only claims the knowledge base no longer holds: counted, but not checked against what it answers now.',
    ])
  })

  it('on claims some of which are gone are checked by the claims still held', () => {
    const report = buildFeedbackReport(
      [vote(IRAN, '2026-01-02T10:00:00.000Z', 'down', [...iranClaims, 'new-coalition/no-such-claim'])],
      kb,
    )
    expect(report).toMatchObject({ outdated: 0 })
    expect(report.questions).toMatchObject([{ question: IRAN, downVoted: iranClaims, open: true }])
  })

  it('replaced by a later one are said so in the summary, which still adds up to the entries', () => {
    const text = formatFeedbackReport(
      buildFeedbackReport(
        [
          unanswered('how big is the dprk army', '2026-01-01T10:00:00.000Z'),
          voted('v1', IRAN, '2026-01-02T10:00:00.000Z', 'up', iranClaims),
          voted('v1', IRAN, '2026-01-02T10:05:00.000Z', 'down', iranClaims),
          voted('v1', IRAN, '2026-01-02T10:06:00.000Z', 'up', iranClaims),
        ],
        kb,
      ),
      'log',
    )
    expect(text.split('\n')[0]).toBe(
      "log: 4 entries: 1 declined, 0 voted down, 1 voted up, 2 votes replaced by the same user's later vote on the same answer.",
    )
  })
})

describe('the feedback report as the curators read it', () => {
  const SHELLS = 'is pyongyang shipping artillery shells to moscow'

  it('lists what is still to teach with the closest claims, then what is answered differently now', () => {
    const text = formatFeedbackReport(
      buildFeedbackReport(
        [
          unanswered(SHELLS, '2026-11-19T09:12:03.120Z'),
          unanswered('cold war parallels', '2026-11-21T10:07:02.001Z'),
        ],
        kb,
      ),
      'feedback/feedback.jsonl',
    )
    const lines = text.split('\n')
    expect(lines[0]).toBe('feedback/feedback.jsonl: 2 entries: 2 declined, 0 voted down, 0 voted up.')
    const toTeach = lines.indexOf('Still to teach (1):')
    const settled = lines.indexOf('Answered differently now (1):')
    expect(toTeach).toBeGreaterThan(0)
    expect(settled).toBeGreaterThan(toTeach)
    expect(lines[toTeach + 1]).toBe(`  "${SHELLS}" — declined once; last 2026-11-19`)
    expect(lines.slice(toTeach + 3, settled).join('\n')).toContain(
      'new-coalition/north-korea-arms-technology-transfer',
    )
    expect(lines[settled + 2]).toBe(
      '      now answers new-coalition/solidarity-reminiscent-of-cold-war first',
    )
  })

  it("shows a user's line breaks and terminal codes as escapes, and cuts a pasted essay short", () => {
    const question = `army size\n\u001b[31mred\u001b[0m ${'pad '.repeat(100)}`
    const text = formatFeedbackReport(
      buildFeedbackReport([unanswered(question, '2026-01-01T00:00:00.000Z')], kb),
      'log',
    )
    expect(text).not.toContain('\u001b')
    expect(text).toContain('"army size\\n\\u001b[31mred\\u001b[0m pad')
    const line = text.split('\n').find((entry) => entry.includes('army size')) ?? ''
    expect(line.length).toBeLessThan(180)
  })

  it('says where votes and declined questions will appear when the log is empty', () => {
    expect(formatFeedbackReport(buildFeedbackReport([], kb), 'feedback/feedback.jsonl')).toBe(
      'No feedback in feedback/feedback.jsonl yet. Questions the bot declines in Slack or Discord, and 👍 / 👎 votes, are written there.',
    )
  })
})

describe('the feedback report as JSON', () => {
  const SHELLS = 'is pyongyang shipping artillery shells to moscow'
  const report = buildFeedbackReport(
    [
      unanswered(SHELLS, '2026-11-19T09:12:03.120Z'),
      unanswered('cold war parallels', '2026-11-21T10:07:02.001Z'),
    ],
    kb,
  )
  const json = JSON.parse(JSON.stringify(feedbackReportJson(report, 'feedback/feedback.jsonl')))

  it('gives the log, the counts and each question, open ones first, claims by id', () => {
    expect(json).toMatchObject({
      log: 'feedback/feedback.jsonl',
      entries: 2,
      unanswered: 2,
      up: 0,
      down: 0,
      replaced: 0,
      outdated: 0,
    })
    expect(
      json.questions.map((item: { question: string; open: boolean }) => [item.question, item.open]),
    ).toEqual([
      [SHELLS, true],
      ['cold war parallels', false],
    ])
    expect(json.questions[1].answeredNow[0]).toBe('new-coalition/solidarity-reminiscent-of-cold-war')
  })

  it('names the closest claims with the share of the question each holds', () => {
    const [open] = json.questions
    expect(open.answeredNow).toEqual([])
    expect(open.closest.map((candidate: { claim: string }) => candidate.claim)).toContain(
      'new-coalition/north-korea-arms-technology-transfer',
    )
    for (const candidate of open.closest) {
      expect(Object.keys(candidate).sort()).toEqual(['claim', 'coverage'])
      expect(candidate.coverage).toBeGreaterThan(0)
      expect(candidate.coverage).toBeLessThan(kb.index.config.minCoverage)
    }
  })
})
