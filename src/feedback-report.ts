/**
 * What the feedback log asks of the curators: the questions users asked that the bot declined or that
 * they voted down, grouped by wording and checked against the knowledge base as it is now, so a question
 * already taught drops out of the list and what is left is work to do.
 */
import { askWithClosest, type Candidate } from './answer/ask.ts'
import { words } from './answer/text.ts'
import type { LoggedFeedback, LoggedVote } from './feedback.ts'
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
  /** claims that were shown when users voted the answer down, of those the knowledge base still holds */
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
  /** votes not counted: the same user voted again on the same answer, and only the later vote counts */
  replaced: number
  /** votes down naming only claims the knowledge base no longer holds: counted, but not checked against it */
  outdated: number
  /** open questions first, the most asked first; then those the knowledge base now handles */
  questions: AskedQuestion[]
}

const keyOf = (question: string) => words(question).join(' ')

/**
 * The votes that count: each voter's latest on each answer (the same question and claims), so a second
 * click changes a vote instead of adding one. Lines written before votes were hashed have no voter, and
 * each counts.
 */
function countedVotes(entries: readonly LoggedFeedback[]): Set<LoggedVote> {
  const counted = new Set<LoggedVote>()
  const latest = new Map<string, LoggedVote>()
  for (const entry of entries) {
    if ('unanswered' in entry) continue
    if (entry.voter === undefined) {
      counted.add(entry)
      continue
    }
    const key = JSON.stringify([entry.voter, entry.question, entry.claims])
    const before = latest.get(key)
    // the log's order breaks a tie: two clicks within a millisecond were appended in the order made
    if (!before || entry.at >= before.at) latest.set(key, entry)
  }
  for (const vote of latest.values()) counted.add(vote)
  return counted
}

export interface FeedbackReportOptions {
  /**
   * votes replaced by the same user's later vote on the same answer that are not among the entries: an
   * event store keeps one vote per user and answer, and counts the ones it replaced
   */
  replaced?: number
}

/** Group the log's entries by question and check each against the knowledge base. */
export function buildFeedbackReport(
  entries: readonly LoggedFeedback[],
  kb: KnowledgeBase,
  options: FeedbackReportOptions = {},
): FeedbackReport {
  const { replaced = 0 } = options
  const groups = new Map<string, AskedQuestion>()
  const report: FeedbackReport = {
    entries: entries.length + replaced,
    unanswered: 0,
    up: 0,
    down: 0,
    replaced,
    outdated: 0,
    questions: [],
  }
  const counted = countedVotes(entries)
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
    } else if (!counted.has(entry)) {
      report.replaced++
    } else if (entry.vote === 'up') {
      group.up++
      report.up++
    } else {
      group.down++
      report.down++
      // a claim no longer held (or never: a forged vote) says nothing about what is answered now
      const held = entry.claims.filter((claim) => kb.claimById.has(claim))
      if (held.length === 0) report.outdated++
      for (const claim of held) if (!group.downVoted.includes(claim)) group.downVoted.push(claim)
    }
  }
  for (const group of groups.values()) {
    // a question only ever voted up, or down only on claims gone, asks nothing the curators can check
    if (group.unanswered === 0 && group.downVoted.length === 0) continue
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
    replaced: report.replaced,
    outdated: report.outdated,
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
  const replaced =
    report.replaced > 0
      ? `, ${report.replaced} ${report.replaced === 1 ? 'vote' : 'votes'} replaced by the same user's later vote on the same answer`
      : ''
  const lines = [
    `${path}: ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'}: ${report.unanswered} declined,` +
      ` ${report.down} voted down, ${report.up} voted up${replaced}.`,
  ]
  if (report.outdated > 0) {
    lines.push(
      `${report.outdated} ${report.outdated === 1 ? 'vote down names' : 'votes down name'} only claims the` +
        ' knowledge base no longer holds: counted, but not checked against what it answers now.',
    )
  }
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
