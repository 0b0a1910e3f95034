/**
 * Why a claim matched a question: the question's words as the engine read them, the names it read as
 * others ("pyongyang" → North Korea), the misspellings it corrected ("moskow" → moscow), and which of the
 * words the claim holds. Built from the units that ranked the answer, so it says what the ranking did,
 * never what a second reading would. Pure: no I/O, no logging.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { Explanation, Rewrite } from '../types.ts'
import type { QueryUnit } from './analyze.ts'
import { type AnswerIndex, questionUnits } from './answer-index.ts'
import { normalizeText } from './text.ts'

/** What every match of one question shares in its explanation, read once per answer. */
export interface QuestionReading {
  /** the units in the order the question has them */
  units: readonly QueryUnit[]
  read: string[]
  aliases: Rewrite[]
  corrections: Rewrite[]
}

/** The question's side of the explanation, from the units that ranked its answer. */
export function readingOf(units: readonly QueryUnit[]): QuestionReading {
  const ordered = [...units].sort((a, b) => a.at - b.at)
  const read: string[] = []
  const aliases: Rewrite[] = []
  const corrections: Rewrite[] = []
  for (const unit of ordered) {
    read.push(unit.read)
    // a name written as the thing's own name ("north korea") is not read as anything else
    if (unit.alias !== undefined && normalizeText(unit.alias) !== unit.read)
      aliases.push({ from: unit.read, to: unit.alias })
    if (unit.corrections) corrections.push(...unit.corrections)
  }
  return { units: ordered, read, aliases, corrections }
}

/** whether the sorted `claims` of a term's postings hold `position` */
function holds(claims: Uint32Array, position: number): boolean {
  let low = 0
  let high = claims.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const value = claims[middle] ?? 0
    if (value === position) return true
    if (value < position) low = middle + 1
    else high = middle - 1
  }
  return false
}

/** The explanation of the claim at `position` in the index, for the question `reading` read. */
export function explanationOf(reading: QuestionReading, position: number, index: AnswerIndex): Explanation {
  const matched: string[] = []
  for (const unit of reading.units) {
    const postings = unit.known ? index.postings.get(unit.term) : undefined
    if (postings && holds(postings.claims, position)) matched.push(unit.alias ?? unit.read)
  }
  return {
    read: [...reading.read],
    aliases: reading.aliases.map((alias) => ({ ...alias })),
    corrections: reading.corrections.map((correction) => ({ ...correction })),
    matched,
  }
}

/**
 * The explanation of why claim `claimId` matches `question`, for a button pressed on an answer shown
 * earlier: undefined when the claim is no longer in the knowledge base or the question has no words.
 */
export function explainClaim(question: string, claimId: string, kb: KnowledgeBase): Explanation | undefined {
  const claim = kb.claimById.get(claimId)
  const position = claim ? kb.index.claims.indexOf(claim) : -1
  if (position < 0) return undefined
  const units = questionUnits(question, kb.index)
  if (units.length === 0) return undefined
  return explanationOf(readingOf(units), position, kb.index)
}

/** One line of an explanation as a reader sees it: a label, then plain text the adapter escapes. */
export interface ExplanationLine {
  label: string
  text: string
}

const rewrites = (list: readonly Rewrite[]) => list.map(({ from, to }) => `${from} → ${to}`).join(', ')

/** An explanation as lines to show, the same on every platform; lines with nothing to say are left out. */
export function describeExplanation(explanation: Explanation): ExplanationLine[] {
  const { read, aliases, corrections, matched } = explanation
  return [
    { label: 'Read your question as', text: read.join(' · ') },
    ...(corrections.length > 0 ? [{ label: 'Spelling corrected', text: rewrites(corrections) }] : []),
    ...(aliases.length > 0 ? [{ label: 'Names read as', text: rewrites(aliases) }] : []),
    {
      label: 'The answer holds',
      text: matched.length > 0 ? matched.join(' · ') : 'none of these words as such (a close match)',
    },
  ]
}
