/**
 * Discord: why an answer matched, told privately to whoever pressed "Why this answer?": the question as the
 * engine read it, the names and spellings it read as others, and the words the claim holds. Everything from
 * users or documents is made inert, and the message may ping no one. Pure.
 */
import { MessageFlags } from 'discord.js'
import { describeExplanation } from '../../src/answer/explain.ts'
import { cutAtWord } from '../../src/first-reply.ts'
import type { Explanation } from '../../src/types.ts'
import { ACCENT, cutToLimit, DISCORD_LIMITS } from './embeds.ts'
import { escapeDiscord } from './escape.ts'
import type { DiscordMessage } from './render.ts'

/** Why `statement` answered `question`, as an ephemeral message. */
export function renderWhy(question: string, statement: string, explanation: Explanation): DiscordMessage {
  const lines = describeExplanation(explanation).map(
    ({ label, text }) => `**${label}:** ${escapeDiscord(cutAtWord(text, 1000))}`,
  )
  return {
    content: cutToLimit(`Why this answer to: ${escapeDiscord(question)}`, DISCORD_LIMITS.content),
    embeds: [
      {
        color: ACCENT,
        title: 'Why this answer',
        description: cutToLimit(
          [`**Answer:** ${escapeDiscord(cutAtWord(statement, 500))}`, ...lines].join('\n'),
          DISCORD_LIMITS.description,
        ),
      },
    ],
    components: [],
    allowedMentions: { parse: [] },
    flags: MessageFlags.Ephemeral,
  }
}
