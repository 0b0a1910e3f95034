/**
 * Slack: why an answer matched, told privately to whoever pressed "Why this answer?": the question as the
 * engine read it, the names and spellings it read as others, and the words the claim holds. Every word is
 * escaped, so nothing in a question or a document can mention anyone. Pure.
 */
import { describeExplanation } from '../../src/answer/explain.ts'
import type { Explanation } from '../../src/types.ts'
import { clip, context, section } from './mrkdwn.ts'
import type { SlackMessage } from './render.ts'

/** Why `statement` answered `question`, as an ephemeral message. */
export function renderWhy(question: string, statement: string, explanation: Explanation): SlackMessage {
  const lines = describeExplanation(explanation).map(
    ({ label, text }) => `*${label}:* ${clip(text, 1000, 1500).text}`,
  )
  const asked = clip(question, 500, 2500).text
  return {
    text: `Why this answer to “${asked}”`,
    blocks: [
      context(`Why this answer to: ${asked}`),
      section(`*Answer:* ${clip(statement, 500, 1500).text}`),
      section(lines.join('\n')),
    ],
    response_type: 'ephemeral',
  }
}
