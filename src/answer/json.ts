/**
 * The stable JSON form of an answer, as `npm run ask -- --json` prints it. Documented in the README;
 * change it only in a way old readers still understand.
 */
import type { Answer, Explanation } from '../types.ts'

export interface AnswerJson {
  question: string
  answered: boolean
  answers: Array<{
    id: string
    text: string
    score: number
    citations: Array<{ source: string; title: string; section: string; quote: string }>
    /** false for a passage drafted from a document that no curator has reviewed yet (added after the rest) */
    reviewed: boolean
    /**
     * why it matched: the question as read, aliases and corrections applied, the words the claim holds
     * (added after the rest; present on every answer `ask` gives)
     */
    explanation?: Explanation
  }>
  /** present only when the input was not a question that could be asked */
  error?: string
}

/** the most answers the JSON form carries */
export const MAX_JSON_ANSWERS = 5

/** a copy, so a reader of the JSON form cannot change the answer it came from */
const copyExplanation = ({ read, aliases, corrections, matched }: Explanation): Explanation => ({
  read: [...read],
  aliases: aliases.map(({ from, to }) => ({ from, to })),
  corrections: corrections.map(({ from, to }) => ({ from, to })),
  matched: [...matched],
})

export function answerToJson(answer: Answer): AnswerJson {
  if (answer.kind === 'no-answer') return { question: answer.question, answered: false, answers: [] }
  return {
    question: answer.question,
    answered: true,
    answers: answer.matches.slice(0, MAX_JSON_ANSWERS).map((match) => ({
      id: match.claim.id,
      text: match.claim.statement,
      score: match.score,
      citations: [match.citation, ...match.corroborations.map((other) => other.citation)].map((citation) => ({
        ...citation,
      })),
      reviewed: match.claim.reviewed !== false,
      ...(match.explanation ? { explanation: copyExplanation(match.explanation) } : {}),
    })),
  }
}
