/** Terminal: replies as plain text, with colour when the output is a terminal that shows it. */
import { describeExplanation } from '../../src/answer/explain.ts'
import { CONTROL_CHARACTERS } from '../../src/answer/text.ts'
import type { Reply } from '../../src/commands.ts'
import { freshnessNote } from '../../src/knowledge/freshness.ts'
import { describeSpan, type Recap } from '../../src/recap.ts'
import { describeCounts, isUnreviewed, statementIsQuote, UNREVIEWED_NOTE } from '../../src/review.ts'
import type { Answer, Citation, Match } from '../../src/types.ts'
import { wrapForTerminal } from './wrap.ts'

export interface TerminalStyle {
  color: boolean
  /** the terminal's width in columns, to wrap lines to; without it (a file, a pipe) lines are not wrapped */
  width?: number
}

const ANSI = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  cyan: [36, 39],
  yellow: [33, 39],
  green: [32, 39],
}
type Tone = keyof typeof ANSI

function paint(style: TerminalStyle, tone: Tone, text: string): string {
  if (!style.color) return text
  const [on, off] = ANSI[tone]
  return `\u001b[${on}m${text}\u001b[${off}m`
}

/** Control characters in text from users or documents could move the cursor or recolour the terminal. */
export const stripControls = (text: string) => text.replace(CONTROL_CHARACTERS, '')

function renderMatch(match: Match, number: number, style: TerminalStyle, showStance: boolean): string[] {
  const { citation, claim } = match
  const stance = showStance && claim.stance ? `${paint(style, 'yellow', `[${claim.stance}]`)} ` : ''
  const note = isUnreviewed(claim) ? ` · ${paint(style, 'yellow', UNREVIEWED_NOTE)}` : ''
  const where = ({ title, section }: Citation, lead: string) =>
    `   ${paint(style, 'cyan', `${lead} ${title} · ${section}`)}`
  const cited = (citation: Citation, lead: string) => [
    where(citation, lead),
    `   ${paint(style, 'dim', `“${citation.quote}”`)}`,
  ]
  const number_ = paint(style, 'bold', `${number}.`)
  // a passage not yet curated into a statement is shown once, as the quote it is
  // how old the document is, and where to read it, when its metadata says
  const age = freshnessNote(citation)
  const cite = `${where(citation, '—')}${age ? paint(style, 'cyan', ` · ${age}`) : ''}${note}`
  const link = citation.url ? [`   ${paint(style, 'dim', stripControls(citation.url))}`] : []
  const own = statementIsQuote(claim)
    ? [`${number_} ${stance}“${claim.quote}”`, cite, ...link]
    : [
        `${number_} ${stance}${claim.statement}`,
        cite,
        ...link,
        `   ${paint(style, 'dim', `“${citation.quote}”`)}`,
      ]
  return [...own, ...match.corroborations.flatMap((other) => cited(other.citation, '— also in'))]
}

function renderAnswer(answer: Answer, style: TerminalStyle, firstNumber: number, moreHint: string): string {
  if (answer.kind === 'no-answer') {
    const lines =
      answer.reason === 'no-question'
        ? ['Ask a question in words, for example: what does Iran contribute?']
        : [`Not in the knowledge base: nothing in the documents answers “${stripControls(answer.question)}”.`]
    if (answer.suggestions.length > 0) {
      lines.push(`Nearby topics: ${answer.suggestions.map((topic) => topic.name).join(' · ')}`)
    }
    for (const question of answer.related) lines.push(`  Try: ${question}`)
    return lines.join('\n')
  }
  const lines: string[] = []
  if (answer.perspectives) lines.push(paint(style, 'bold', 'The documents argue different strategies:'))
  for (const [offset, match] of answer.matches.entries()) {
    lines.push(...renderMatch(match, firstNumber + offset, style, answer.perspectives), '')
  }
  if (answer.hasMore) lines.push(paint(style, 'dim', `More results: ${moreHint}`))
  return lines.join('\n').trimEnd()
}

/**
 * Render a reply for the terminal. `firstNumber` numbers the matches of a later page on from the last;
 * `moreHint` says how to see the next page.
 */
export function renderTerminal(
  reply: Reply,
  style: TerminalStyle,
  firstNumber = 1,
  moreHint = 'type "more".',
): string {
  return wrapForTerminal(renderReply(reply, style, firstNumber, moreHint), style.width)
}

function renderReply(reply: Reply, style: TerminalStyle, firstNumber: number, moreHint: string): string {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, style, firstNumber, moreHint)
    case 'help':
      return [
        'Ask a question in plain words and get short answers, each cited to the passage it rests on.',
        'Commands: help · sources (the documents) · topics (what they cover) · more (next results) · why (how the last answer matched) · quit',
        'In Slack and Discord, recap lists the questions asked in a channel in the last hour, with their answers.',
        ...(reply.examples.length > 0
          ? ['Examples:', ...reply.examples.map((example) => `  ${example}`)]
          : []),
      ].join('\n')
    case 'sources':
      if (reply.sources.length === 0) return 'No documents in the knowledge base yet.'
      return reply.sources
        .map((source) => {
          const supplied = source.titleSupplied ? ' (title supplied by the curators)' : ''
          return `• ${source.title}${supplied} — ${describeCounts(source)} [${source.id}]`
        })
        .join('\n')
    case 'topics':
      if (reply.topics.length === 0) return 'No topics yet: no claim has been curated.'
      return reply.topics.map((topic) => `• ${topic.name} (${topic.claims})`).join('\n')
    case 'recap':
      return renderRecap(reply.recap, style)
    case 'no-history':
      return NO_HISTORY
    case 'invalid':
      return reply.message
  }
}

/**
 * The terminal keeps no history of questions: a session is one person's, and its scrollback already holds
 * what was asked; a recap is a channel's, in Slack and Discord.
 */
const NO_HISTORY =
  'Recaps are in Slack and Discord: "/ask recap" there lists the questions asked in a channel in the last hour, with their answers. The terminal keeps no history of questions; scroll up for this session\'s.'

/** A recap as plain lines; the terminal itself never reads one, but a reply of any kind renders. */
function renderRecap(recap: Recap, style: TerminalStyle): string {
  const lines = [
    paint(
      style,
      'bold',
      `Recap of ${describeSpan(recap.minutes)}: ${recap.answers.length} answered, ${recap.open.length} open`,
    ),
  ]
  for (const item of recap.answers) {
    const [best] = item.claims.filter((claim) => claim.found)
    lines.push(`• ${stripControls(item.question)}${item.seen === 'shared' ? ' [shared]' : ''}`)
    lines.push(
      best
        ? `   ${best.statement} ${paint(style, 'cyan', `— ${best.citation.title} · ${best.citation.section}`)}`
        : '   What it cited is no longer in the knowledge base.',
    )
  }
  for (const item of recap.open)
    lines.push(`• ${stripControls(item.question)} ${paint(style, 'yellow', '[open]')}`)
  return lines.join('\n')
}

/** Why a match answered: the question as read, names and spellings read as others, the words it holds. */
export function renderExplanation(match: Match, style: TerminalStyle): string {
  const statement = statementIsQuote(match.claim) ? `“${match.claim.quote}”` : match.claim.statement
  const lines = [`${paint(style, 'bold', 'Why this answer:')} ${stripControls(statement)}`]
  if (match.explanation) {
    for (const { label, text } of describeExplanation(match.explanation))
      lines.push(`   ${paint(style, 'cyan', `${label}:`)} ${stripControls(text)}`)
  } else lines.push('   How it matched is not known for this answer; ask the question again.')
  return wrapForTerminal(lines.join('\n'), style.width)
}
