/**
 * What the feedback log asks of the curators: the questions users asked that the bot declined or that
 * they voted down, grouped by wording and checked against the knowledge base as it is now, so a question
 * already taught drops out of the list and what is left is work to do.
 */
import { askWithClosest, type Candidate } from './answer/ask.ts'
import { words } from './answer/text.ts'
import type { LoggedFeedback } from './feedback.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import { shorten } from './shorten.ts'

/** One question, however often and in whatever case or punctuation it was asked. */
export interface AskedQuestion {
  /** the wording of the latest time it was asked */
  question: string
  /** when it was last asked or voted on (ISO 8601) */
  lastAt: string
  unanswered: number
  up: number
  down: number
  /** claims that were shown when users voted the answer down */
  downVoted: string[]
  /** what the knowledge base answers now: the claims it gives, best first, or none */
  answeredNow: string[]
  /** the claims closest to the question now, answered or not, for a curator to choose from */
  closest: Candidate[]
  /** declined now, or still giving first a claim users voted down */
  open: boolean
}

export interface FeedbackReport {
  entries: number
  unanswered: number
  up: number
  down: number
  /** open questions first, the most asked first; then those the knowledge base now handles */
  questions: AskedQuestion[]
}

const keyOf = (question: string) => words(question).join(' ')

/** Group the log's entries by question and check each against the knowledge base. */
export function buildFeedbackReport(entries: readonly LoggedFeedback[], kb: KnowledgeBase): FeedbackReport {
  const groups = new Map<string, AskedQuestion>()
  const report: FeedbackReport = { entries: entries.length, unanswered: 0, up: 0, down: 0, questions: [] }
  for (const entry of entries) {
    const key = keyOf(entry.question)
    if (!key) continue
    let group = groups.get(key)
    if (!group) {
      group = {
        question: entry.question,
        lastAt: entry.at,
        unanswered: 0,
        up: 0,
        down: 0,
        downVoted: [],
        answeredNow: [],
        closest: [],
        open: false,
      }
      groups.set(key, group)
    }
    if (entry.at >= group.lastAt) {
      group.lastAt = entry.at
      group.question = entry.question
    }
    if ('unanswered' in entry) {
      group.unanswered++
      report.unanswered++
    } else if (entry.vote === 'up') {
      group.up++
      report.up++
    } else {
      group.down++
      report.down++
      for (const claim of entry.claims) if (!group.downVoted.includes(claim)) group.downVoted.push(claim)
    }
  }
  for (const group of groups.values()) {
    // a question only ever voted up asks nothing of the curators
    if (group.unanswered === 0 && group.down === 0) continue
    const { answer, closest } = askWithClosest(group.question, kb)
    group.answeredNow = answer.kind === 'answered' ? answer.matches.map((match) => match.claim.id) : []
    group.closest = closest
    const first = group.answeredNow[0]
    group.open = first === undefined || group.downVoted.includes(first)
    report.questions.push(group)
  }
  report.questions.sort(
    (a, b) =>
      Number(b.open) - Number(a.open) ||
      b.unanswered + b.down - (a.unanswered + a.down) ||
      b.lastAt.localeCompare(a.lastAt),
  )
  return report
}

const times = (count: number) => (count === 1 ? 'once' : `${count}×`)

function describeAsked(item: AskedQuestion): string {
  const what = [
    item.unanswered > 0 ? `declined ${times(item.unanswered)}` : '',
    item.down > 0 ? `voted down ${times(item.down)}` : '',
    item.up > 0 ? `voted up ${times(item.up)}` : '',
  ].filter(Boolean)
  // JSON quoting shows a user's control characters and line breaks as escapes, never as terminal codes
  return `  ${JSON.stringify(shorten(item.question, 120))} — ${what.join(', ')}; last ${item.lastAt.slice(0, 10)}`
}

/**
 * The report as one JSON object, for scripts that sort or batch the curators' work: the log it was read
 * from, the counts, and each question with the claims it is answered by now and the closest claims, by id,
 * with the share of the question's words each holds (0–1). Open questions first, as in the text report.
 */
export function feedbackReportJson(report: FeedbackReport, path: string) {
  return {
    log: path,
    entries: report.entries,
    unanswered: report.unanswered,
    up: report.up,
    down: report.down,
    questions: report.questions.map((item) => ({
      question: item.question,
      lastAt: item.lastAt,
      open: item.open,
      unanswered: item.unanswered,
      up: item.up,
      down: item.down,
      downVoted: item.downVoted,
      answeredNow: item.answeredNow,
      closest: item.closest.map((candidate) => ({ claim: candidate.claim.id, coverage: candidate.coverage })),
    })),
  }
}

/** The report as the curators read it in a terminal; `path` is the log it was read from. */
export function formatFeedbackReport(report: FeedbackReport, path: string): string {
  if (report.entries === 0) {
    return `No feedback in ${path} yet. Questions the bot declines in Slack or Discord, and 👍 / 👎 votes, are written there.`
  }
  const lines = [
    `${path}: ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'}: ${report.unanswered} declined,` +
      ` ${report.down} voted down, ${report.up} voted up.`,
  ]
  const open = report.questions.filter((item) => item.open)
  const settled = report.questions.filter((item) => !item.open)
  lines.push('', `Still to teach (${open.length}):`)
  if (open.length === 0)
    lines.push('  nothing: every declined or voted-down question now gets another answer')
  for (const item of open) {
    lines.push(describeAsked(item))
    const first = item.answeredNow[0]
    if (first !== undefined) lines.push(`      still answers ${first} first, which was voted down`)
    if (item.closest.length === 0) lines.push('      no claim holds any word of it')
    else lines.push('      closest claims, with the share of its words each holds:')
    for (const candidate of item.closest) {
      lines.push(`      ${`${Math.round(candidate.coverage * 100)}%`.padStart(5)}  ${candidate.claim.id}`)
    }
  }
  if (settled.length > 0) {
    lines.push('', `Answered differently now (${settled.length}):`)
    for (const item of settled)
      lines.push(describeAsked(item), `      now answers ${item.answeredNow[0]} first`)
  }
  lines.push(
    '',
    'To teach the bot a question: npm run kb -- teach <claim-id> "<question>" adds it to the example questions',
    'of the claim that answers it. A question no document answers should stay declined until a document that',
    'answers it is added (`npm run kb -- add`).',
  )
  return lines.join('\n')
}
