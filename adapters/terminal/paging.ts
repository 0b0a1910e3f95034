/** Pages of a question's answers, as the terminal shows them: "more" at the prompt, `--page N` for `ask`. */
import { ask } from '../../src/answer/ask.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { Answer } from '../../src/types.ts'

/** how many matches one page of the terminal shows */
export const PAGE_SIZE = 3

export type AnswerPage =
  | { kind: 'page'; answer: Extract<Answer, { kind: 'answered' }>; firstNumber: number }
  /** the question is answered, on fewer pages than that */
  | { kind: 'past-last'; question: string }
  | { kind: 'no-answer'; answer: Extract<Answer, { kind: 'no-answer' }> }

const answerOf = (question: string, kb: KnowledgeBase, offset: number): Answer =>
  ask(question, kb, { limit: PAGE_SIZE, offset })

/** Page `page` (from 1) of the answers to `question`. */
export function askPage(question: string, kb: KnowledgeBase, page: number): AnswerPage {
  const offset = (page - 1) * PAGE_SIZE
  const answer = answerOf(question, kb, offset)
  if (answer.kind === 'answered') return { kind: 'page', answer, firstNumber: offset + 1 }
  if (offset === 0) return { kind: 'no-answer', answer }
  // the engine says "no answer" past the last page too: only the first page tells the two apart
  const first = answerOf(question, kb, 0)
  return first.kind === 'answered' ? { kind: 'past-last', question } : { kind: 'no-answer', answer: first }
}
